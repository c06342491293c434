import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ZFeedbackView } from '../../src/http/views.js';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
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

const postFeedback = (auth: Auth, payload: Record<string, unknown>) =>
  app.request({ method: 'POST', url: '/feedback', headers: auth, payload });
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
    expect(updated).toMatchObject({
      id: created.id,
      ticket_id: ticket.id,
      user_id: user.id,
      helpful: false,
      rating: 2,
      comment: 'It did not work after all',
    });

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
    expectError(
      await app.request({ method: 'POST', url: '/feedback', payload: { ticket_id: ticket.id, helpful: true } }),
      401,
      'unauthorized',
    );
    expectError(await app.request({ method: 'GET', url: `/feedback/${ticket.id}` }), 401, 'unauthorized');
  });
});

describe('feedback from an integration', () => {
  let adminAuth: Auth;
  beforeAll(async () => {
    adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
  });

  const createKey = async (name: string): Promise<{ id: string; auth: Auth }> => {
    const res = await app.request({ method: 'POST', url: '/admin/api-keys', headers: adminAuth, payload: { name } });
    expect(res.statusCode).toBe(201);
    const { api_key, key } = res.json<{ api_key: { id: string }; key: string }>();
    return { id: api_key.id, auth: { 'x-api-key': key } };
  };

  /** A ticket the integration opened for one of its customers, answered automatically. */
  async function integrationTicket(key: { auth: Auth }): Promise<TicketView> {
    const res = await app.request({
      method: 'POST',
      url: '/tickets',
      headers: key.auth,
      payload: { message: question(), customer: { external_id: randomUUID() } },
    });
    expect(res.statusCode).toBe(202);
    const ticket = res.json<TicketView>();
    await autoResolve(app, ticket.id);
    return ticket;
  }

  /** What "not helpful" left behind, with the ids taken out so two tickets can be compared. */
  async function effectsOf(ticketId: string) {
    const ticket = await prisma().ticket.findUniqueOrThrow({ where: { id: ticketId } });
    const events = await prisma().ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' } });
    const feedback = await storedFeedback(ticketId);
    return {
      status: ticket.status,
      escalationReason: ticket.escalationReason,
      demoted: ticket.solutionDemotedAt !== null,
      feedback: feedback.map((f) => ({ byRequester: f.userId === ticket.requesterId, helpful: f.helpful, rating: f.rating })),
      // From the rating on (what the pipeline did before is not its effect), without the offers to
      // agents that follow any escalation in the background.
      events: events
        .slice(events.findIndex((e) => e.type === 'feedback'))
        .filter((e) => e.type !== 'offered')
        .map((e) => ({
          type: e.type,
          from: e.fromStatus,
          to: e.toStatus,
          data: JSON.stringify(e.data).replaceAll(ticketId, 'this ticket'),
        })),
    };
  }

  it('records “not helpful” for the key’s own ticket as its customer’s, with the same effects as the customer’s own', async () => {
    const key = await createKey('Help widget');
    const ticket = await integrationTicket(key);
    const res = await postFeedback(key.auth, { ticket_id: ticket.id, helpful: false, rating: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ticket_id: ticket.id, user_id: ticket.requester_id, helpful: false, rating: 1 });

    const user = await signUp(app);
    const usersTicket = await answeredTicket(user.auth);
    expect((await postFeedback(user.auth, { ticket_id: usersTicket.id, helpful: false, rating: 1 })).statusCode).toBe(200);

    const effects = await effectsOf(ticket.id);
    expect(effects).toMatchObject({
      status: 'ESCALATED',
      escalationReason: 'customer_rejected',
      demoted: true,
      feedback: [{ byRequester: true, helpful: false, rating: 1 }],
    });
    expect(effects).toEqual(await effectsOf(usersTicket.id));

    // The audit trail says who passed the rating on.
    const trail = await app.request({
      method: 'GET',
      url: `/tickets/${ticket.id}/events`,
      headers: (await createStaff(app, 'AGENT')).auth,
    });
    const feedbackEvent = trail.json<{ items: TicketEventView[] }>().items.find((e) => e.type === 'feedback');
    expect(feedbackEvent).toMatchObject({ actor_type: 'API_KEY', actor_id: key.id, data: { helpful: false, rating: 1 } });
  });

  it('accepts the key as a bearer token too, and a second rating replaces the first', async () => {
    const key = await createKey('CRM');
    const ticket = await integrationTicket(key);
    const bearer = { authorization: `Bearer ${key.auth['x-api-key']}` };
    const first = await postFeedback(bearer, { ticket_id: ticket.id, helpful: true, rating: 5 });
    expect(first.statusCode).toBe(200);
    const second = await postFeedback(key.auth, { ticket_id: ticket.id, helpful: true, rating: 4, comment: 'Fine' });
    expect(second.json()).toMatchObject({ id: first.json<FeedbackView>().id, user_id: ticket.requester_id, rating: 4, comment: 'Fine' });
    expect(await storedFeedback(ticket.id)).toHaveLength(1);
    expect((await prisma().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('AUTO_RESOLVED');
  });

  it('answers 404 for another key’s ticket and for a signed-in user’s, exactly like an unknown ticket', async () => {
    const key = await createKey('Shop');
    const otherKey = await createKey('Other shop');
    const othersTicket = await integrationTicket(otherKey);
    const user = await signUp(app);
    const usersTicket = await answeredTicket(user.auth);

    const missing = await postFeedback(key.auth, { ticket_id: randomUUID(), helpful: false });
    expectError(missing, 404, 'not_found');
    for (const ticket of [othersTicket, usersTicket]) {
      const res = await postFeedback(key.auth, { ticket_id: ticket.id, helpful: false, rating: 1 });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(missing.json());
      expect(await storedFeedback(ticket.id)).toHaveLength(0);
      expect((await prisma().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('AUTO_RESOLVED');
    }
  });

  it('refuses a revoked key with 401 at once', async () => {
    const key = await createKey('Retired widget');
    const ticket = await integrationTicket(key);
    expect((await app.request({ method: 'DELETE', url: `/admin/api-keys/${key.id}`, headers: adminAuth })).statusCode).toBe(200);
    expectError(await postFeedback(key.auth, { ticket_id: ticket.id, helpful: false }), 401, 'unauthorized');
    expect(await storedFeedback(ticket.id)).toHaveLength(0);
  });
});
