import { AppError } from '../../domain/errors.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { canActAsAgent, type Actor, type Ticket } from '../../domain/ticket.js';
import { announceChange, type AnnounceDeps } from '../tickets/announce-change.js';

/**
 * An agent vouches again for an answer that was demoted after "not helpful" feedback: it may be
 * reused for similar tickets again. Confirming an answer that is not demoted changes nothing.
 */
export async function confirmSolution(deps: AnnounceDeps & { tickets: TicketRepository }, actor: Actor, ticket: Ticket): Promise<Ticket> {
  if (!canActAsAgent(actor)) throw new AppError('forbidden', { message: 'Only agents can confirm solutions.' });
  if (ticket.response === null) {
    throw new AppError('conflict', { message: 'The ticket has no answer to confirm.', details: { status: ticket.status } });
  }
  if (ticket.solutionDemotedAt === null) return ticket;
  const updated = await deps.tickets.update(ticket.id, { solutionDemotedAt: null }, { type: 'solution_confirmed', actor });
  if (!updated) throw new AppError('not_found', { message: 'Ticket not found.' });
  await announceChange(deps, { solutionsChanged: [ticket.id] });
  return updated;
}
