import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { escalate, openTicket, type Auth, type TicketEventView, type TicketView } from '../helpers/tickets.js';

// The API alone: these tests put tickets into states themselves, which a worker would race.
// The pipeline's own decisions are tested in pipeline.test.ts.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, ['api']);
});
afterAll(() => app.stop());

const prisma = () => app.running.services.db.prisma;

async function getTicket(auth: Auth, ref: string | number): Promise<LightMyRequestResponse> {
  return app.request({ method: 'GET', url: `/tickets/${ref}`, headers: auth });
}

async function eventsOf(auth: Auth, id: string): Promise<TicketEventView[]> {
  const res = await app.request({ method: 'GET', url: `/tickets/${id}/events`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: TicketEventView[] }>().items;
}

/** Every page of GET /tickets for the query, following next_cursor to the end. */
async function listAll(auth: Auth, query: Record<string, string> = {}): Promise<{ pages: TicketView[][]; items: TicketView[] }> {
  const pages: TicketView[][] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const res = await app.request({ method: 'GET', url: `/tickets?${params.toString()}`, headers: auth });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: TicketView[]; next_cursor: string | null }>();
    pages.push(page.items);
    cursor = page.next_cursor;
    expect(pages.length).toBeLessThan(1000);
  } while (cursor !== null);
  return { pages, items: pages.flat() };
}

describe('opening a ticket', () => {
  let withWorker: TestApp;
  beforeAll(async () => {
    withWorker = await startTestApp();
  });
  afterAll(() => withWorker.stop());
  const eventsThere = async (auth: Auth, id: string): Promise<TicketEventView[]> => {
    const res = await withWorker.request({ method: 'GET', url: `/tickets/${id}/events`, headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: TicketEventView[] }>().items;
  };

  it('answers 202 with the OPEN ticket and a location header, and records it in the audit trail', async () => {
    const user = await signUp(withWorker);
    const agent = await createStaff(withWorker, 'AGENT');
    const res = await withWorker.request({
      method: 'POST',
      url: '/tickets',
      headers: user.auth,
      payload: { message: '  My invoice is wrong  ' },
    });
    expect(res.statusCode).toBe(202);
    const ticket = res.json<TicketView>();
    expect(ticket).toMatchObject({
      status: 'OPEN',
      source: 'API',
      requester_id: user.id,
      message: 'My invoice is wrong',
      response: null,
      assignee_id: null,
    });
    expect(res.headers.location).toBe(`/tickets/${ticket.id}`);

    const created = (await eventsThere(agent.auth, ticket.id)).find((e) => e.type === 'created');
    expect(created).toMatchObject({ to_status: 'OPEN', actor_type: 'USER', actor_id: user.id });

    await expect
      .poll(async () => (await eventsThere(agent.auth, ticket.id)).find((e) => e.type === 'triaged'), { timeout: 10_000 })
      .toMatchObject({ actor_type: 'SYSTEM', actor_id: null, from_status: 'OPEN' });
  });

  it('with ?wait answers 200 once the worker has processed the ticket', async () => {
    const user = await signUp(withWorker);
    const agent = await createStaff(withWorker, 'AGENT');
    const res = await withWorker.request({
      method: 'POST',
      url: '/tickets?wait=5',
      headers: user.auth,
      payload: { message: 'Where is my parcel?' },
    });
    expect(res.statusCode).toBe(200);
    const ticket = res.json<TicketView>();
    expect(ticket.requester_id).toBe(user.id);
    expect(res.headers.location).toBe(`/tickets/${ticket.id}`);
    // The 200 means the worker has run: its event is already in the trail, no polling needed.
    expect((await eventsThere(agent.auth, ticket.id)).map((e) => e.type)).toContain('triaged');
    expect(['AUTO_RESOLVED', 'ESCALATED']).toContain(ticket.status);
  });
});

describe('waiting for the outcome without a worker', () => {
  let apiOnly: TestApp;
  beforeAll(async () => {
    apiOnly = await startTestApp({}, ['api']);
  });
  afterAll(() => apiOnly.stop());

  it('answers 202 with the ticket still OPEN when no outcome arrives in time', async () => {
    const user = await signUp(apiOnly);
    const res = await apiOnly.request({
      method: 'POST',
      url: '/tickets?wait=1',
      headers: user.auth,
      payload: { message: 'Anyone there?' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json<TicketView>().status).toBe('OPEN');
  });

  it('refuses a wait longer than 10 seconds', async () => {
    const user = await signUp(apiOnly);
    const res = await apiOnly.request({
      method: 'POST',
      url: '/tickets?wait=11',
      headers: user.auth,
      payload: { message: 'Anyone there?' },
    });
    expect(invalidFields(res)).toEqual(['querystring.wait']);
  });
});

describe('shutting down while a request waits for its outcome', () => {
  // The test's own 8 s limit is the assertion: the wait is 10 s, so an unanswered wait would hold
  // shutdown past it.
  it('answers the waiting request with 202 and stops without waiting the wait out', { timeout: 8_000 }, async () => {
    const apiOnly = await startTestApp({}, ['api']);
    const user = await signUp(apiOnly);
    const waiting = fetch(`${apiOnly.url}/tickets?wait=10`, {
      method: 'POST',
      headers: { ...user.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Still there?' }),
    });
    await expect.poll(() => apiOnly.running.services.db.prisma.ticket.count(), { timeout: 5_000 }).toBe(1);
    await apiOnly.stop();
    const res = await waiting;
    expect(res.status).toBe(202);
    expect(((await res.json()) as TicketView).status).toBe('OPEN');
  });
});

describe('listing tickets', () => {
  let alice: Awaited<ReturnType<typeof signUp>>;
  let bob: Awaited<ReturnType<typeof signUp>>;
  let aliceTickets: TicketView[];
  let bobTickets: TicketView[];
  beforeAll(async () => {
    alice = await signUp(app);
    bob = await signUp(app);
    aliceTickets = [await openTicket(app, alice.auth), await openTicket(app, alice.auth)];
    bobTickets = [await openTicket(app, bob.auth)];
  });

  it('shows a USER only their own tickets', async () => {
    const { items } = await listAll(alice.auth, { limit: '100' });
    expect(items.map((t) => t.id).sort()).toEqual(aliceTickets.map((t) => t.id).sort());
    expect(items.every((t) => t.requester_id === alice.id)).toBe(true);
  });

  it.each(['AGENT', 'ADMIN'] as const)('shows an %s everyone’s tickets', async (role) => {
    const staff = await createStaff(app, role);
    const ids = (await listAll(staff.auth, { limit: '100' })).items.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([...aliceTickets, ...bobTickets].map((t) => t.id)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe('filters', () => {
    let owner: Awaited<ReturnType<typeof signUp>>;
    let escalatedP1: TicketView;
    let fromSlack: TicketView;
    let plain: TicketView;
    beforeAll(async () => {
      owner = await signUp(app);
      plain = await openTicket(app, owner.auth);
      escalatedP1 = await openTicket(app, owner.auth);
      fromSlack = await openTicket(app, owner.auth);
      await prisma().ticket.update({ where: { id: escalatedP1.id }, data: { status: 'ESCALATED', priority: 'P1' } });
      await prisma().ticket.update({ where: { id: fromSlack.id }, data: { source: 'SLACK' } });
    });
    const ids = async (query: Record<string, string>) => (await listAll(owner.auth, query)).items.map((t) => t.id);

    it('filters by status', async () => {
      expect(await ids({ status: 'ESCALATED' })).toEqual([escalatedP1.id]);
      expect(await ids({ status: 'OPEN' })).toEqual([fromSlack.id, plain.id]);
    });

    it('filters by status for agents across all requesters', async () => {
      const agent = await createStaff(app, 'AGENT');
      const { items } = await listAll(agent.auth, { status: 'ESCALATED', limit: '100' });
      expect(items.map((t) => t.id)).toContain(escalatedP1.id);
      expect(items.every((t) => t.status === 'ESCALATED')).toBe(true);
    });

    it('filters by source', async () => {
      expect(await ids({ source: 'SLACK' })).toEqual([fromSlack.id]);
      expect(await ids({ source: 'API' })).toEqual([escalatedP1.id, plain.id]);
      expect(await ids({ source: 'DISCORD' })).toEqual([]);
    });

    it('filters by priority', async () => {
      expect(await ids({ priority: 'P1' })).toEqual([escalatedP1.id]);
      expect(await ids({ priority: 'P3' })).toEqual([fromSlack.id, plain.id]);
    });

    it('combines filters', async () => {
      expect(await ids({ status: 'OPEN', source: 'SLACK' })).toEqual([fromSlack.id]);
      expect(await ids({ status: 'ESCALATED', source: 'SLACK' })).toEqual([]);
    });

    it('rejects an unknown filter value or an unknown parameter with 400', async () => {
      const badStatus = await app.request({ method: 'GET', url: '/tickets?status=NOPE', headers: owner.auth });
      expect(invalidFields(badStatus)).toContain('querystring.status');
      const unknown = await app.request({ method: 'GET', url: '/tickets?colour=blue', headers: owner.auth });
      expectError(unknown, 400, 'validation_failed');
    });
  });

  describe('cursor pagination', () => {
    let walker: Awaited<ReturnType<typeof signUp>>;
    let created: TicketView[];
    beforeAll(async () => {
      walker = await signUp(app);
      created = [];
      for (let i = 0; i < 7; i++) created.push(await openTicket(app, walker.auth, `page test ${i}`));
    });

    it('walks every ticket newest first, without duplicates, ending with a null next_cursor', async () => {
      const { pages, items } = await listAll(walker.auth, { limit: '3' });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(items.map((t) => t.id)).toEqual([...created].reverse().map((t) => t.id));
      expect(new Set(items.map((t) => t.id)).size).toBe(items.length);
      const numbers = items.map((t) => t.number);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    });

    it('gives next_cursor null when a page holds the rest exactly', async () => {
      const res = await app.request({ method: 'GET', url: '/tickets?limit=7', headers: walker.auth });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ next_cursor: null });
      expect(res.json<{ items: TicketView[] }>().items).toHaveLength(7);
    });

    it('accepts limit 100 and rejects a limit above 100 with 400', async () => {
      expect((await app.request({ method: 'GET', url: '/tickets?limit=100', headers: walker.auth })).statusCode).toBe(200);
      const res = await app.request({ method: 'GET', url: '/tickets?limit=101', headers: walker.auth });
      expect(invalidFields(res)).toContain('querystring.limit');
    });

    it('rejects a cursor that is not a next_cursor value', async () => {
      const res = await app.request({ method: 'GET', url: '/tickets?cursor=abc', headers: walker.auth });
      expect(invalidFields(res)).toContain('querystring.cursor');
    });
  });
});

describe('reading one ticket', () => {
  let alice: Awaited<ReturnType<typeof signUp>>;
  let bob: Awaited<ReturnType<typeof signUp>>;
  let ticket: TicketView;
  beforeAll(async () => {
    alice = await signUp(app);
    bob = await signUp(app);
    ticket = await openTicket(app, alice.auth, 'private matter');
  });

  it('finds the requester’s ticket by id and by number', async () => {
    const byId = await getTicket(alice.auth, ticket.id);
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toMatchObject({ id: ticket.id, number: ticket.number, message: 'private matter' });
    const byNumber = await getTicket(alice.auth, ticket.number);
    expect(byNumber.statusCode).toBe(200);
    expect(byNumber.json<TicketView>().id).toBe(ticket.id);
  });

  it('lets an agent read anyone’s ticket', async () => {
    const agent = await createStaff(app, 'AGENT');
    expect((await getTicket(agent.auth, ticket.number)).json<TicketView>().id).toBe(ticket.id);
  });

  it('answers another user with the same 404 as for a ticket that does not exist (never 403)', async () => {
    const missing = await getTicket(bob.auth, randomUUID());
    expectError(missing, 404, 'not_found');
    for (const ref of [ticket.id, ticket.id.toUpperCase(), String(ticket.number)]) {
      const res = await getTicket(bob.auth, ref);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(missing.json());
    }
  });

  it('leaves another user’s ticket out of their list', async () => {
    await openTicket(app, bob.auth);
    const { items } = await listAll(bob.auth, { limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((t) => t.id)).not.toContain(ticket.id);
  });

  it('does not let another user close the ticket either', async () => {
    await prisma().ticket.update({
      where: { id: ticket.id },
      data: { status: 'AUTO_RESOLVED', response: 'Here you go.', responseSource: 'TEMPLATE' },
    });
    const res = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/close`, headers: bob.auth });
    expectError(res, 404, 'not_found');
    expect((await getTicket(alice.auth, ticket.id)).json<TicketView>().status).toBe('AUTO_RESOLVED');
  });
});

describe('roles and authentication', () => {
  let user: Awaited<ReturnType<typeof signUp>>;
  let ticket: TicketView;
  beforeAll(async () => {
    user = await signUp(app);
    ticket = await openTicket(app, user.auth);
    await escalate(app, ticket.id);
  });

  it('forbids a USER to claim, resolve or read the audit trail, even of their own ticket', async () => {
    const claim = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/claim`, headers: user.auth });
    expectError(claim, 403, 'forbidden');
    const resolve = await app.request({
      method: 'POST',
      url: `/tickets/${ticket.id}/resolve`,
      headers: user.auth,
      payload: { response: 'Solved it myself' },
    });
    expectError(resolve, 403, 'forbidden');
    const events = await app.request({ method: 'GET', url: `/tickets/${ticket.id}/events`, headers: user.auth });
    expectError(events, 403, 'forbidden');
    expect((await getTicket(user.auth, ticket.id)).json<TicketView>()).toMatchObject({ status: 'ESCALATED', assignee_id: null });
  });

  it.each([
    ['POST', '/tickets', { message: 'hello' }],
    ['GET', '/tickets', undefined],
    ['GET', '/tickets/1', undefined],
    ['POST', '/tickets/1/claim', undefined],
    ['POST', '/tickets/1/resolve', { response: 'done' }],
    ['POST', '/tickets/1/close', undefined],
    ['GET', '/tickets/1/events', undefined],
  ] as const)('answers %s %s without a token with 401', async (method, url, payload) => {
    const res = await app.request({ method, url, ...(payload ? { payload } : {}) });
    expectError(res, 401, 'unauthorized');
  });
});

describe('claiming', () => {
  it('lets exactly one of two agents claiming at the same time win, every time', async () => {
    const requester = await signUp(app);
    const agents = [await createStaff(app, 'AGENT'), await createStaff(app, 'AGENT')];
    for (let round = 0; round < 5; round++) {
      const ticket = await openTicket(app, requester.auth, `race ${round}`);
      await escalate(app, ticket.id);

      const responses = await Promise.all(
        agents.map((agent) => fetch(`${app.url}/tickets/${ticket.id}/claim`, { method: 'POST', headers: agent.auth })),
      );
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<Record<string, unknown>>));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);

      const winnerIndex = responses.findIndex((r) => r.status === 200);
      const winner = agents[winnerIndex]!;
      const loserBody = bodies[1 - winnerIndex] as { error: { code: string } };
      expectError({ statusCode: 409, json: () => loserBody }, 409, 'conflict');
      expect(bodies[winnerIndex]).toMatchObject({ id: ticket.id, status: 'IN_PROGRESS', assignee_id: winner.id });

      const stored = (await getTicket(winner.auth, ticket.id)).json<TicketView>();
      expect(stored).toMatchObject({ status: 'IN_PROGRESS', assignee_id: winner.id });
      const claims = (await eventsOf(winner.auth, ticket.id)).filter((e) => e.type === 'claimed');
      expect(claims).toHaveLength(1);
      expect(claims[0]).toMatchObject({ from_status: 'ESCALATED', to_status: 'IN_PROGRESS', actor_type: 'USER', actor_id: winner.id });
    }
  });

  it('refuses to claim an OPEN ticket with 409 illegal_transition', async () => {
    const requester = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const ticket = await openTicket(app, requester.auth);
    const res = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/claim`, headers: agent.auth });
    expectError(res, 409, 'illegal_transition');
    const stored = (await getTicket(agent.auth, ticket.id)).json<TicketView>();
    expect(stored).toMatchObject({ status: 'OPEN', assignee_id: null });
  });

  it('claims by ticket number as well', async () => {
    const requester = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const ticket = await openTicket(app, requester.auth);
    await escalate(app, ticket.id);
    const res = await app.request({ method: 'POST', url: `/tickets/${ticket.number}/claim`, headers: agent.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ticket.id, status: 'IN_PROGRESS', assignee_id: agent.id });
  });
});

describe('resolving', () => {
  it('lets an agent resolve an escalated ticket, claiming it first', async () => {
    const requester = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const ticket = await openTicket(app, requester.auth);
    await escalate(app, ticket.id);

    const res = await app.request({
      method: 'POST',
      url: `/tickets/${ticket.id}/resolve`,
      headers: agent.auth,
      payload: { response: 'Refund issued.', intent: 'billing' },
    });
    expect(res.statusCode).toBe(200);
    const resolved = res.json<TicketView>();
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      response: 'Refund issued.',
      response_source: 'AGENT',
      intent: 'billing',
      assignee_id: agent.id,
    });
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.first_response_at).not.toBeNull();
    expect((await getTicket(requester.auth, ticket.id)).json<TicketView>()).toMatchObject({
      status: 'RESOLVED',
      response: 'Refund issued.',
    });

    const transitions = (await eventsOf(agent.auth, ticket.id)).filter((e) => e.type === 'claimed' || e.type === 'resolved');
    expect(transitions.map((e) => [e.type, e.from_status, e.to_status, e.actor_id])).toEqual([
      ['claimed', 'ESCALATED', 'IN_PROGRESS', agent.id],
      ['resolved', 'IN_PROGRESS', 'RESOLVED', agent.id],
    ]);
  });

  it('refuses an agent resolving a ticket another agent claimed, and lets an admin', async () => {
    const requester = await signUp(app);
    const owner = await createStaff(app, 'AGENT');
    const other = await createStaff(app, 'AGENT');
    const admin = await createStaff(app, 'ADMIN');
    const ticket = await openTicket(app, requester.auth);
    await escalate(app, ticket.id);
    expect((await app.request({ method: 'POST', url: `/tickets/${ticket.id}/claim`, headers: owner.auth })).statusCode).toBe(200);

    const refused = await app.request({
      method: 'POST',
      url: `/tickets/${ticket.id}/resolve`,
      headers: other.auth,
      payload: { response: 'Mine now' },
    });
    expectError(refused, 409, 'conflict');
    expect((await getTicket(other.auth, ticket.id)).json<TicketView>()).toMatchObject({
      status: 'IN_PROGRESS',
      assignee_id: owner.id,
      response: null,
    });

    const byAdmin = await app.request({
      method: 'POST',
      url: `/tickets/${ticket.id}/resolve`,
      headers: admin.auth,
      payload: { response: 'Handled by an admin.' },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({ status: 'RESOLVED', response: 'Handled by an admin.', response_source: 'AGENT' });
    const resolvedEvent = (await eventsOf(admin.auth, ticket.id)).find((e) => e.type === 'resolved');
    expect(resolvedEvent).toMatchObject({ actor_id: admin.id });
  });

  it('rejects an empty response with 400', async () => {
    const requester = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const ticket = await openTicket(app, requester.auth);
    await escalate(app, ticket.id);
    const res = await app.request({
      method: 'POST',
      url: `/tickets/${ticket.id}/resolve`,
      headers: agent.auth,
      payload: { response: '   ' },
    });
    expect(invalidFields(res)).toContain('body.response');
    expect((await getTicket(agent.auth, ticket.id)).json<TicketView>().status).toBe('ESCALATED');
  });
});

describe('closing', () => {
  it('lets the requester close an answered ticket once; closing again is an illegal transition', async () => {
    const requester = await signUp(app);
    const ticket = await openTicket(app, requester.auth);
    await prisma().ticket.update({
      where: { id: ticket.id },
      data: {
        status: 'AUTO_RESOLVED',
        response: 'Reset your password from the login page.',
        responseSource: 'TEMPLATE',
        firstResponseAt: new Date(),
      },
    });

    const res = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/close`, headers: requester.auth });
    expect(res.statusCode).toBe(200);
    const closed = res.json<TicketView>();
    expect(closed.status).toBe('CLOSED');
    expect(closed.closed_at).not.toBeNull();

    const again = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/close`, headers: requester.auth });
    const error = expectError(again, 409, 'illegal_transition');
    expect(error.details).toMatchObject({ from: 'CLOSED', to: 'CLOSED' });
    expect((await getTicket(requester.auth, ticket.id)).json<TicketView>().closed_at).toBe(closed.closed_at);
  });
});

describe('bad input on POST /tickets', () => {
  let user: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    user = await signUp(app);
  });
  const storedCount = () => prisma().ticket.count({ where: { requesterId: user.id } });
  const post = (payload: unknown) =>
    app.request({ method: 'POST', url: '/tickets', headers: user.auth, payload: payload as Record<string, unknown> });
  /** Sends a request that must be refused, and checks that no ticket was stored. */
  async function refused(send: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    const before = await storedCount();
    const res = await send();
    expect(await storedCount()).toBe(before);
    return res;
  }

  it.each([
    ['an empty message', ''],
    ['a blank message', '   \n '],
  ])('rejects %s with 400 naming body.message', async (_name, message) => {
    expect(invalidFields(await refused(() => post({ message })))).toContain('body.message');
  });

  it('rejects a missing message with 400 naming body.message', async () => {
    expect(invalidFields(await refused(() => post({})))).toContain('body.message');
  });

  it('accepts a message of MAX_MESSAGE_CHARS (default 4000) and rejects one longer', async () => {
    expect((await post({ message: 'x'.repeat(4000) })).statusCode).toBe(202);
    expect(invalidFields(await refused(() => post({ message: 'x'.repeat(4001) })))).toContain('body.message');
  });

  it('rejects an unknown extra field with 400', async () => {
    expectError(await refused(() => post({ message: 'hello', priority: 'P1' })), 400, 'validation_failed');
  });

  it('rejects a USER naming a customer with 400', async () => {
    const res = await refused(() => post({ message: 'for my friend', customer: { email: 'friend@example.com' } }));
    expect(invalidFields(res)).toContain('body.customer');
  });

  it('rejects malformed JSON with 400 invalid_json', async () => {
    const res = await refused(() =>
      app.request({
        method: 'POST',
        url: '/tickets',
        headers: { ...user.auth, 'content-type': 'application/json' },
        payload: '{"message": "unterminated',
      }),
    );
    expectError(res, 400, 'invalid_json');
  });

  it('rejects a body larger than BODY_LIMIT_BYTES (default 65536) with 413 payload_too_large', async () => {
    const res = await refused(() => post({ message: 'x'.repeat(70_000) }));
    expectError(res, 413, 'payload_too_large');
  });
});

describe('with MAX_MESSAGE_CHARS=50', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ MAX_MESSAGE_CHARS: '50' });
  });
  afterAll(() => small.stop());

  it('accepts 50 characters and rejects 51 with 400 naming body.message', async () => {
    const user = await signUp(small);
    const ok = await small.request({ method: 'POST', url: '/tickets', headers: user.auth, payload: { message: 'y'.repeat(50) } });
    expect(ok.statusCode).toBe(202);
    const tooLong = await small.request({ method: 'POST', url: '/tickets', headers: user.auth, payload: { message: 'y'.repeat(51) } });
    expect(invalidFields(tooLong)).toContain('body.message');
  });
});
