// Tickets for the integration tests: opened through the API, or put into a state directly in the
// database the way the pipeline would leave them.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { ZTicketEventView, ZTicketView } from '../../src/http/views.js';
import type { TestApp } from './test-app.js';

export type TicketView = z.infer<typeof ZTicketView>;
export type TicketEventView = z.infer<typeof ZTicketEventView>;
/** Request headers that authenticate a caller, e.g. `signUp(app).auth`. */
export type Auth = Record<string, string>;

/** Opens a ticket through POST /tickets as the caller, asserting 202, and returns it. */
export async function openTicket(app: TestApp, auth: Auth, message = `Help needed ${randomUUID()}`): Promise<TicketView> {
  const res = await app.request({ method: 'POST', url: '/tickets', headers: auth, payload: { message } });
  expect(res.statusCode).toBe(202);
  return res.json<TicketView>();
}

/** What the pipeline does when it hands a ticket to a person (low confidence). */
export async function escalate(app: TestApp, id: string): Promise<void> {
  await app.running.services.db.prisma.ticket.update({ where: { id }, data: { status: 'ESCALATED', escalationReason: 'low_confidence' } });
}

/** What the pipeline does when it answers a ticket itself. */
export async function autoResolve(app: TestApp, id: string): Promise<void> {
  await app.running.services.db.prisma.ticket.update({
    where: { id },
    data: {
      status: 'AUTO_RESOLVED',
      response: 'Use Settings → Export.',
      responseSource: 'TEMPLATE',
      intent: 'data_export',
      firstResponseAt: new Date(),
    },
  });
}

/**
 * Makes the deployment look established: one closed ticket from a month ago. The burst detector takes a
 * young deployment's baseline over the little history it has (domain/incident-burst.ts), so a spec about
 * bursts on a fresh database starts with this, before any ticket is triaged.
 */
export async function seedDeploymentHistory(app: TestApp): Promise<void> {
  const { services } = app.running;
  const requester = await services.users.create({ email: `history-${randomUUID()}@example.com`, passwordHash: null, role: 'USER' });
  const ticket = await services.tickets.create(
    { source: 'API', requesterId: requester.id, message: 'An old question from before these tests' },
    { type: 'created', actor: { kind: 'system' } },
  );
  const monthAgo = new Date(Date.now() - 30 * 24 * 3600_000);
  await services.db.prisma.ticket.update({ where: { id: ticket.id }, data: { status: 'CLOSED', createdAt: monthAgo, closedAt: monthAgo } });
}
