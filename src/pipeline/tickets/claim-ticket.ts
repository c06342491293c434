import { AppError } from '../../domain/errors.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { canActAsAgent, type Actor, type Ticket } from '../../domain/ticket.js';
import { announceChange, type AnnounceDeps } from './announce-change.js';
import { changeTicketStatus } from './change-ticket-status.js';

/**
 * An agent takes an escalated ticket. Of two concurrent claims exactly one wins; the other gets 409
 * with the winner in its details. The agents' post in chat is updated to show who has it.
 */
export async function claimTicket(deps: AnnounceDeps & { tickets: TicketRepository }, actor: Actor, ticket: Ticket): Promise<Ticket> {
  if (actor.kind !== 'user' || !canActAsAgent(actor)) throw new AppError('forbidden', { message: 'Only agents can claim tickets.' });
  if (ticket.status === 'IN_PROGRESS') {
    throw new AppError('conflict', { message: 'The ticket is already claimed.', details: { assigneeId: ticket.assigneeId } });
  }
  const claimed = await changeTicketStatus(deps.tickets, ticket, 'IN_PROGRESS', { assigneeId: actor.userId }, { type: 'claimed', actor });
  await announceChange(deps, { outcome: { ticketId: claimed.id, status: claimed.status, eventKey: 'claimed' } });
  return claimed;
}
