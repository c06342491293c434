import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ZFeedbackView } from '../../src/http/views.js';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { autoResolve, openTicket, type Auth, type TicketEventView, type TicketView } from '../helpers/tickets.js';

type FeedbackView = z.infer<typeof ZFeedbackView>;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const prisma = () => app.running.services.db.prisma;

/** A customer's question, unique per ticket. */
const question = () => `How do I export my data? ${randomUUID()}`;

async function answeredTicket(auth: Auth): Promise<TicketView> {
  const ticket = await openTicket(app, auth, question());
  await autoResolve(app, ticket.id);
  return ticket;
}

const postFeedback = (auth: Auth, payload: Record<string, unknown>) => app.request({ method: 'POST', url: '/feedback', headers: auth, payload });
const getFeedback = (auth: Auth, ref: string | number) => app.request({ method: 'GET', url: `/feedback/${ref}`, headers: auth });
const storedFeedback = (ticketId: string) => prisma().feedback.findMany({ where: { ticketId } });

describe('giving feedback', () => {
  it('records the requester’s feedback on an answered ticket, and a second POST replaces it', async () => {
    const user = await signUp(app);
    const ticket = await answeredTicket(user.auth);

    const first = await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true, rating: 4, comment: 'Quick answer' });
    expect(first.statusCode).toBe(200);
    const created = first.json<FeedbackView>();
    expect(created).toMatchObject({ ticket_id: ticket.id, user_id: user.id, helpful: true, rating: 4, comment: 'Quick answer' });

    const second = await postFeedback(user.auth, { ticket_id: ticket.id, helpful: false, rating: 2, comment: 'It did not work after all' });
    expect(second.statusCode).toBe(200);
    const updated = second.json<FeedbackView>();
    expect(updated).toMatchObject({ id: created.id, ticket_id: ticket.id, user_id: user.id, helpful: false, rating: 2, comment: 'It did not work after all' });

    const rows = await storedFeedback(ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: created.id, helpful: false, rating: 2 });

    const read = await getFeedback(user.auth, ticket.id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ items: [updated] });
  });

  it('clears the rating and comment when the replacement leaves them out', async () => {
    const user = await signUp(app);
    const ticket = await answeredTicket(user.auth);
    expect((await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true, rating: 5, comment: 'Great' })).statusCode).toBe(200);
    const replaced = await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ helpful: true, rating: null, comment: null });
  });

  it('reads the feedback by ticket number too', async () => {
    const user = await signUp(app);
    const ticket = await answeredTicket(user.auth);
    const saved = (await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true })).json<FeedbackView>();
    const read = await getFeedback(user.auth, ticket.number);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ items: [saved] });
  });

  it('records each feedback as a feedback event in the audit trail', async () => {
    const user = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const ticket = await answeredTicket(user.auth);
    await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true, rating: 5 });
    await postFeedback(user.auth, { ticket_id: ticket.id, helpful: false });

    const res = await app.request({ method: 'GET', url: `/tickets/${ticket.id}/events`, headers: agent.auth });
    expect(res.statusCode).toBe(200);
    const feedbackEvents = res.json<{ items: TicketEventView[] }>().items.filter((e) => e.type === 'feedback');
    expect(feedbackEvents.map((e) => ({ actor_type: e.actor_type, actor_id: e.actor_id, data: e.data }))).toEqual([
      { actor_type: 'USER', actor_id: user.id, data: { helpful: true, rating: 5 } },
      { actor_type: 'USER', actor_id: user.id, data: { helpful: false, rating: null } },
    ]);
  });
});

describe('refused feedback', () => {
  it.each([0, 6, -1, 2.5])('rejects rating %s with 400 naming body.rating', async (rating) => {
    const user = await signUp(app);
    const ticket = await answeredTicket(user.auth);
    const res = await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true, rating });
    expect(invalidFields(res)).toContain('body.rating');
    expect(await storedFeedback(ticket.id)).toHaveLength(0);
  });

  it('refuses feedback on a ticket that has not been answered with 409', async () => {
    const user = await signUp(app);
    const ticket = await openTicket(app, user.auth, question());
    const res = await postFeedback(user.auth, { ticket_id: ticket.id, helpful: true, rating: 3 });
    expectError(res, 409, 'conflict');
    expect(await storedFeedback(ticket.id)).toHaveLength(0);
  });

  it('hides another user’s ticket: posting and reading feedback on it are 404', async () => {
    const alice = await signUp(app);
    const bob = await signUp(app);
    const ticket = await answeredTicket(alice.auth);
    const alices = (await postFeedback(alice.auth, { ticket_id: ticket.id, helpful: true, rating: 5 })).json<FeedbackView>();

    const missing = await getFeedback(bob.auth, randomUUID());
    expectError(missing, 404, 'not_found');

    const posted = await postFeedback(bob.auth, { ticket_id: ticket.id, helpful: false, rating: 1 });
    expectError(posted, 404, 'not_found');
    expect(posted.json()).toEqual(missing.json());

    for (const ref of [ticket.id, String(ticket.number)]) {
      const read = await getFeedback(bob.auth, ref);
      expect(read.statusCode).toBe(404);
      expect(read.json()).toEqual(missing.json());
    }

    const rows = await storedFeedback(ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: alices.id, userId: alice.id, helpful: true, rating: 5 });
  });

  it('forbids an agent, who can see the ticket, to give feedback on it', async () => {
    const user = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const ticket = await answeredTicket(user.auth);

    const res = await postFeedback(agent.auth, { ticket_id: ticket.id, helpful: true, rating: 5 });
    expectError(res, 403, 'forbidden');
    expect(await storedFeedback(ticket.id)).toHaveLength(0);

    const read = await getFeedback(agent.auth, ticket.id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ items: [] });
  });

  it('requires a token', async () => {
    const user = await signUp(app);
    const ticket = await answeredTicket(user.auth);
    expectError(await app.request({ method: 'POST', url: '/feedback', payload: { ticket_id: ticket.id, helpful: true } }), 401, 'unauthorized');
    expectError(await app.request({ method: 'GET', url: `/feedback/${ticket.id}` }), 401, 'unauthorized');
  });
});
