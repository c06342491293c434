import { AppError } from '../../domain/errors.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { canActAsAgent, type Actor, type Ticket } from '../../domain/ticket.js';
import { announceChange, type AnnounceDeps } from './announce-change.js';
import { changeTicketStatus } from './change-ticket-status.js';

/**
 * The agent who claimed a ticket (or an admin) hands it back: IN_PROGRESS → ESCALATED, unassigned,
 * and offered again to whoever is best placed. The customer is not told; nothing changed for them.
 */
export async function releaseTicket(deps: AnnounceDeps & { tickets: TicketRepository }, actor: Actor, ticket: Ticket): Promise<Ticket> {
  if (actor.kind !== 'user' || !canActAsAgent(actor)) throw new AppError('forbidden', { message: 'Only agents can release tickets.' });
  if (ticket.status === 'IN_PROGRESS' && ticket.assigneeId !== actor.userId && actor.role !== 'ADMIN') {
    throw new AppError('conflict', {
      message: 'Only the agent who claimed this ticket, or an admin, can release it.',
      details: { assigneeId: ticket.assigneeId },
    });
  }
  const released = await changeTicketStatus(deps.tickets, ticket, 'ESCALATED', { assigneeId: null }, { type: 'released', actor });
  await announceChange(deps, { outcome: { ticketId: released.id, status: released.status, eventKey: 'released' } });
  return released;
}
