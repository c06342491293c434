import type { Actor, ChatLocation, Ticket, TicketSource } from '../domain/ticket.js';
import type { TicketRepository, TriageQueue } from '../domain/ports.js';
import type { Logger } from 'pino';

export interface CreateTicketDeps {
  tickets: TicketRepository;
  queue: TriageQueue;
  log: Pick<Logger, 'error'>;
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
 * Stores the ticket (OPEN) and enqueues it for the pipeline. If the queue is unreachable the
 * ticket is still stored: the worker re-enqueues OPEN tickets when it starts, so none is lost.
 */
export async function createTicket(deps: CreateTicketDeps, input: CreateTicketInput): Promise<Ticket> {
  const ticket = await deps.tickets.create(
    { source: input.source, requesterId: input.requesterId, apiKeyId: input.apiKeyId ?? null, message: input.message, chat: input.chat },
    { type: 'created', actor: input.actor, data: { source: input.source, length: input.message.length } },
  );
  try {
    await deps.queue.enqueue(ticket.id);
  } catch (err) {
    deps.log.error({ err, ticketId: ticket.id }, 'could not enqueue ticket; it will be re-enqueued when a worker starts');
  }
  return ticket;
}
