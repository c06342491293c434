import { AppError } from '../domain/errors.js';
import type { TicketRepository } from '../domain/ports.js';
import { canActAsAgent, type Actor, type Ticket } from '../domain/ticket.js';
import { changeTicketStatus } from './change-ticket-status.js';

/** An agent takes an escalated ticket. Of two concurrent claims exactly one wins; the other gets 409. */
export async function claimTicket(tickets: TicketRepository, actor: Actor, ticket: Ticket): Promise<Ticket> {
  if (actor.kind !== 'user' || !canActAsAgent(actor)) throw new AppError('forbidden', { message: 'Only agents can claim tickets.' });
  if (ticket.status === 'IN_PROGRESS') {
    throw new AppError('conflict', { message: 'The ticket is already claimed.', details: { assigneeId: ticket.assigneeId } });
  }
  return changeTicketStatus(tickets, ticket, 'IN_PROGRESS', { assigneeId: actor.userId }, { type: 'claimed', actor });
}
