import { AppError } from '../../domain/errors.js';
import type { TicketEventInput } from '../../domain/ticket-event.js';
import type { TicketPatch, TicketRepository } from '../../domain/ports/tickets.js';
import { assertTransition } from '../../domain/ticket-lifecycle.js';
import type { Ticket, TicketStatus } from '../../domain/ticket.js';

/**
 * Checks the transition, then applies it only if nobody changed the ticket in between.
 * Losing that race is a conflict (409), like an illegal transition.
 */
export async function changeTicketStatus(
  tickets: TicketRepository,
  ticket: Ticket,
  to: TicketStatus,
  patch: TicketPatch,
  event: TicketEventInput,
): Promise<Ticket> {
  assertTransition(ticket.status, to);
  const updated = await tickets.transition(ticket.id, ticket.status, to, patch, event);
  if (!updated) {
    const current = await tickets.findById(ticket.id);
    throw new AppError('conflict', {
      message: 'The ticket was changed by someone else; reload it and try again.',
      details: { status: current?.status ?? null, assigneeId: current?.assigneeId ?? null },
    });
  }
  return updated;
}
