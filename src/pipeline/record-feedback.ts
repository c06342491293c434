import { AppError } from '../domain/errors.js';
import type { Feedback, FeedbackRepository, TicketRepository } from '../domain/ports.js';
import type { Actor, Ticket } from '../domain/ticket.js';
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
 * The requester rates the answer; a second rating replaces the first. Recorded in the audit trail.
 *
 * "Not helpful" has consequences: an automatic answer goes to a person (`customer_rejected`), and
 * the answer is demoted so it is not reused for anyone else until an agent re-confirms it — both
 * this ticket's answer and, when it was reused, the solution it came from. "Helpful" on an
 * automatic answer makes it a reusable solution.
 */
export async function recordFeedback(deps: RecordFeedbackDeps, actor: Actor, ticket: Ticket, input: FeedbackInput, now: Date = new Date()): Promise<Feedback> {
  if (actor.kind !== 'user' || actor.userId !== ticket.requesterId) {
    // Callers have already hidden other people's tickets; this guards agents rating their own answers.
    throw new AppError('forbidden', { message: 'Only the person who asked can give feedback on this ticket.' });
  }
  if (ticket.response === null) {
    throw new AppError('conflict', { message: 'The ticket has not been answered yet.', details: { status: ticket.status } });
  }
  const saved = await deps.feedback.upsert({ ticketId: ticket.id, userId: actor.userId, ...input });
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
    const updated = await deps.tickets.update(id, { solutionDemotedAt: now }, {
      type: 'solution_demoted',
      actor,
      data: { becauseOf: ticket.id },
    });
    if (updated) demoted.push(id);
  }
  let outcome;
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
