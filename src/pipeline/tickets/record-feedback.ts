import { AppError } from '../../domain/errors.js';
import type { Feedback } from '../../domain/feedback.js';
import type { FeedbackRepository, TicketOutcome, TicketRepository } from '../../domain/ports/tickets.js';
import type { Actor, Ticket } from '../../domain/ticket.js';
import { announceChange, type AnnounceDeps } from './announce-change.js';

export interface FeedbackInput {
  helpful: boolean;
  rating?: number | null;
  comment?: string | null;
}

export interface RecordFeedbackDeps extends AnnounceDeps {
  tickets: TicketRepository;
  feedback: FeedbackRepository;
}

/**
 * Whose rating the actor gives: the requester's own, or the requester's through the integration that
 * opened the ticket for them (its customers have no password, so the integration passes the rating
 * on). Null for anyone else.
 */
function raterFor(actor: Actor, ticket: Ticket): string | null {
  if (actor.kind === 'user' && actor.userId === ticket.requesterId) return actor.userId;
  if (actor.kind === 'api_key' && ticket.apiKeyId === actor.apiKeyId) return ticket.requesterId;
  return null;
}

/**
 * The requester rates the answer, themselves or through the integration that opened the ticket; a
 * second rating replaces the first. Recorded in the audit trail under the actor who sent it.
 *
 * "Not helpful" has consequences: an automatic answer goes to a person (`customer_rejected`), and
 * the answer is demoted so it is not reused for anyone else until an agent re-confirms it — both
 * this ticket's answer and, when it was reused, the solution it came from. "Helpful" on an
 * automatic answer makes it a reusable solution.
 */
export async function recordFeedback(
  deps: RecordFeedbackDeps,
  actor: Actor,
  ticket: Ticket,
  input: FeedbackInput,
  now: Date = new Date(),
): Promise<Feedback> {
  const raterId = raterFor(actor, ticket);
  if (raterId === null) {
    // Callers have already hidden other people's tickets; this guards agents rating their own answers.
    throw new AppError('forbidden', { message: 'Only the person who asked can give feedback on this ticket.' });
  }
  if (ticket.response === null) {
    throw new AppError('conflict', { message: 'The ticket has not been answered yet.', details: { status: ticket.status } });
  }
  const saved = await deps.feedback.upsert({ ticketId: ticket.id, userId: raterId, ...input });
  await deps.tickets.appendEvent(ticket.id, {
    type: 'feedback',
    actor,
    data: { helpful: input.helpful, rating: input.rating ?? null },
  });
  if (input.helpful) {
    await announceChange(deps, { solutionsChanged: [ticket.id] });
    return saved;
  }

  const demoted: string[] = [];
  for (const id of [ticket.id, ticket.matchedTicketId]) {
    if (!id) continue;
    const updated = await deps.tickets.update(
      id,
      { solutionDemotedAt: now },
      {
        type: 'solution_demoted',
        actor,
        data: { becauseOf: ticket.id },
      },
    );
    if (updated) demoted.push(id);
  }
  let outcome: TicketOutcome | undefined;
  if (ticket.status === 'AUTO_RESOLVED') {
    const escalated = await deps.tickets.transition(
      ticket.id,
      'AUTO_RESOLVED',
      'ESCALATED',
      { escalationReason: 'customer_rejected' },
      { type: 'escalated', actor, data: { reason: 'customer_rejected' } },
    );
    // Null: it changed meanwhile (e.g. closed), and is no longer an automatic answer to take back.
    if (escalated) outcome = { ticketId: ticket.id, status: escalated.status, eventKey: 'rejected' };
  }
  await announceChange(deps, { outcome, solutionsChanged: demoted });
  return saved;
}
