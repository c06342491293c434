import { AppError } from '../../domain/errors.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { canSeeTicket, type Actor, type Ticket } from '../../domain/ticket.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ticket by id or by number, if the actor may see it. A ticket that exists but belongs to
 * someone else is reported exactly like one that does not exist.
 */
export async function findVisibleTicket(tickets: TicketRepository, actor: Actor, ref: string): Promise<Ticket> {
  let ticket: Ticket | null = null;
  if (UUID.test(ref)) ticket = await tickets.findById(ref.toLowerCase());
  else if (/^\d{1,9}$/.test(ref)) ticket = await tickets.findByNumber(Number(ref));
  if (!ticket || !canSeeTicket(actor, ticket)) {
    throw new AppError('not_found', { message: 'No such ticket.' });
  }
  return ticket;
}
