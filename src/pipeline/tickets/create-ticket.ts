import type { Actor, ChatLocation, Ticket, TicketSource } from '../../domain/ticket.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import type { TriageQueue } from '../../domain/ports/triage.js';
import type { Logger } from 'pino';
import { priorityFor, urgencyLevelFor } from '../../domain/priority.js';
import { scoreUrgency } from '../../nlp/urgency.js';

export interface CreateTicketDeps {
  tickets: TicketRepository;
  queue: TriageQueue;
  log: Pick<Logger, 'warn'>;
}

export interface CreateTicketInput {
  source: TicketSource;
  requesterId: string;
  apiKeyId?: string | null;
  message: string;
  actor: Actor;
  chat?: ChatLocation;
}

/**
 * Stores the ticket (OPEN) and hands it to the queue, without waiting for Redis: the stored ticket
 * is the promise, so the caller is answered as soon as the database has it. If the job never
 * reaches Redis (Redis down, or the process ends first), the worker's sweeper enqueues OPEN tickets
 * that have no job, as soon as Redis is back, so none is lost.
 */
export async function createTicket(deps: CreateTicketDeps, input: CreateTicketInput): Promise<Ticket> {
  // Scored on the way in (well under a millisecond), so the queue can take urgent tickets first.
  const urgency = scoreUrgency(input.message);
  const ticket = await deps.tickets.create(
    {
      source: input.source,
      requesterId: input.requesterId,
      apiKeyId: input.apiKeyId ?? null,
      message: input.message,
      chat: input.chat,
      urgency: { score: urgency.score, level: urgencyLevelFor(urgency.score), priority: priorityFor(urgency.score) },
    },
    {
      type: 'created',
      actor: input.actor,
      data: {
        source: input.source,
        length: input.message.length,
        urgency: { score: urgency.score, cues: urgency.cues, sentiment: urgency.sentiment },
      },
    },
  );
  deps.queue.enqueue(ticket.id, ticket.priority).catch((err: unknown) => {
    deps.log.warn({ err, ticketId: ticket.id }, 'could not enqueue the ticket; the sweeper enqueues it when Redis is back');
  });
  return ticket;
}
