import type { Services } from '../../src/app/services.js';
import type { Ticket } from '../../src/domain/ticket.js';

/** Polls until `read` gives something (a database read, typically). */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The ticket once it has one of the statuses. */
export const untilStatus = (services: Pick<Services, 'tickets'>, ticketId: string, statuses: Ticket['status'][]): Promise<Ticket> =>
  eventually(
    async () => {
      const ticket = await services.tickets.findById(ticketId);
      return ticket && statuses.includes(ticket.status) && ticket;
    },
    `ticket ${ticketId} to become ${statuses.join('/')}`,
  );
