import { AppError } from '../../domain/errors.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { canActAsAgent, type Actor, type Ticket } from '../../domain/ticket.js';
import { changeTicketStatus } from './change-ticket-status.js';

/** The requester (or an agent) closes a ticket that has been answered. */
export async function closeTicket(tickets: TicketRepository, actor: Actor, ticket: Ticket, now: Date = new Date()): Promise<Ticket> {
  const isRequester = actor.kind === 'user' && actor.userId === ticket.requesterId;
  const isOwningIntegration = actor.kind === 'api_key' && actor.apiKeyId === ticket.apiKeyId;
  if (!isRequester && !isOwningIntegration && !canActAsAgent(actor)) {
    throw new AppError('forbidden', { message: 'Only the requester or an agent can close this ticket.' });
  }
  return changeTicketStatus(tickets, ticket, 'CLOSED', { closedAt: now }, { type: 'closed', actor });
}
