import type { Ticket } from '../../../domain/ticket.js';
import type { Actor } from '../../../domain/ticket.js';
import { isAppError } from '../../../domain/errors.js';
import type { TicketRepository } from '../../../domain/ports/tickets.js';
import { closeTicket } from '../../tickets/close-ticket.js';
import { recordFeedback, type RecordFeedbackDeps } from '../../tickets/record-feedback.js';

/**
 * The buttons under an answer in chat. "That solved it" records helpful feedback and closes the
 * ticket; "I still need help" records not-helpful feedback, which sends an automatic answer to a
 * person (see recordFeedback). Returns the ticket as it is afterwards.
 */
export async function answerFeedbackFromChat(
  deps: RecordFeedbackDeps & { tickets: TicketRepository },
  actor: Actor,
  ticket: Ticket,
  helpful: boolean,
): Promise<Ticket> {
  await recordFeedback(deps, actor, ticket, { helpful });
  if (helpful && (ticket.status === 'AUTO_RESOLVED' || ticket.status === 'RESOLVED')) {
    try {
      await closeTicket(deps.tickets, actor, ticket);
    } catch (err) {
      // Closed or changed meanwhile (a second click): the feedback stands, nothing else to do.
      if (!isAppError(err) || (err.code !== 'conflict' && err.code !== 'illegal_transition')) throw err;
    }
  }
  return (await deps.tickets.findById(ticket.id)) ?? ticket;
}
