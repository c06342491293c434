import { AppError } from '../domain/errors.js';
import type { Feedback, FeedbackRepository, TicketRepository } from '../domain/ports.js';
import type { Actor, Ticket } from '../domain/ticket.js';

export interface FeedbackInput {
  helpful: boolean;
  rating?: number | null;
  comment?: string | null;
}

/** The requester rates the answer; a second rating replaces the first. Recorded in the audit trail. */
export async function recordFeedback(
  deps: { tickets: TicketRepository; feedback: FeedbackRepository },
  actor: Actor,
  ticket: Ticket,
  input: FeedbackInput,
): Promise<Feedback> {
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
  return saved;
}
