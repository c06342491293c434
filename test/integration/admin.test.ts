import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHADOW_THRESHOLDS } from '../../src/domain/shadow-agreement.js';
import type { TicketSource, TicketStatus } from '../../src/domain/ticket.js';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const SECOND = 1;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** No ticket here went through shadow mode (test/integration/shadow-mode.test.ts counts some). */
const NO_SHADOW = {
  tickets: 0,
  agreed: 0,
  by_threshold: SHADOW_THRESHOLDS.map((threshold) => ({ threshold, coverage: null, precision: null })),
};

/** No SLA timer here (test/integration/sla-visibility.test.ts counts some): every priority and metric at zero. */
const NO_SLA = ['P1', 'P2', 'P3', 'P4'].flatMap((priority) =>
  ['first_response', 'next_response', 'resolution'].map((metric) => ({
    priority,
    metric,
    met: 0,
    breached: 0,
    attainment: null,
    breached_open: 0,
  })),
);

const KEY_FORMAT = /^fl_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** The secret part of an `fl_<prefix>_<secret>` key. */
function secretOf(key: string): string {
  const match = KEY_FORMAT.exec(key);
  if (!match) throw new Error(`not an API key: ${key}`);
  return match[2]!;
}

describe('GET /admin/metrics', () => {
  // A Firstline of its own (API only, no worker): the rows below are the whole data set, and the
  // other describes of this file, which open tickets through the API, cannot change the figures.
  let app: TestApp;
  let adminAuth: Record<string, string>;
  let now: number;

  /**
   * One ticket of the data set. `path` lists the statuses it went through after OPEN, as the pipeline
   * and agents would record them in TicketEvent; the last one is its current status.
   */
  interface TicketSpec {
    label: string;
    source: TicketSource;
    intent: string | null;
    /** Seconds before the start of the test. */
    createdAgo: number;
    path: TicketStatus[];
    /** Seconds after creation. */
    firstResponseAfter?: number;
    resolvedAfter?: number;
    feedback?: 'helpful' | 'not_helpful';
  }

  // Every feedback row is written one hour after the ticket's answer, so each ticket and its feedback
  // fall in the same windows. Only K (40 days old) lies outside 30d; I and J (10, 12 days) outside 7d.
  const DATA: TicketSpec[] = [
    // Auto-resolved, helpful feedback: auto-resolved and verified.
    {
      label: 'A',
      source: 'API',
      intent: 'billing',
      createdAgo: 3 * DAY,
      path: ['AUTO_RESOLVED'],
      firstResponseAfter: 60,
      resolvedAfter: 60,
      feedback: 'helpful',
    },
    // Auto-resolved two days ago, no feedback: assumed resolved (more than 24 h).
    {
      label: 'B',
      source: 'SLACK',
      intent: 'billing',
      createdAgo: 2 * DAY,
      path: ['AUTO_RESOLVED'],
      firstResponseAfter: 120,
      resolvedAfter: 120,
    },
    // Auto-resolved three hours ago, no feedback: too recent to be assumed.
    {
      label: 'C',
      source: 'DISCORD',
      intent: 'password_reset',
      createdAgo: 3 * HOUR,
      path: ['AUTO_RESOLVED'],
      firstResponseAfter: 30,
      resolvedAfter: 30,
    },
    // Auto-resolved, then closed by the customer, no feedback: assumed resolved.
    {
      label: 'D',
      source: 'API',
      intent: 'password_reset',
      createdAgo: 4 * DAY,
      path: ['AUTO_RESOLVED', 'CLOSED'],
      firstResponseAfter: 90,
      resolvedAfter: 90,
    },
    // Auto-resolved, answer not helpful, escalated and claimed: escalated, not auto-resolved, open escalation.
    {
      label: 'E',
      source: 'SLACK',
      intent: 'billing',
      createdAgo: 20 * HOUR,
      path: ['AUTO_RESOLVED', 'ESCALATED', 'IN_PROGRESS'],
      firstResponseAfter: 45,
      feedback: 'not_helpful',
    },
    // Escalated straight away, nobody answered yet: open escalation.
    { label: 'F', source: 'SLACK', intent: 'outage', createdAgo: 22 * HOUR, path: ['ESCALATED'] },
    // Escalated, claimed and resolved by an agent after two hours, helpful feedback: verified.
    {
      label: 'G',
      source: 'API',
      intent: 'outage',
      createdAgo: 5 * DAY,
      path: ['ESCALATED', 'IN_PROGRESS', 'RESOLVED'],
      firstResponseAfter: 2 * HOUR,
      resolvedAfter: 2 * HOUR,
      feedback: 'helpful',
    },
    // Still waiting for the pipeline: not processed.
    { label: 'H', source: 'API', intent: null, createdAgo: 10 * MINUTE, path: [] },
    // Ten days old: auto-resolved, closed, helpful feedback.
    {
      label: 'I',
      source: 'DISCORD',
      intent: 'billing',
      createdAgo: 10 * DAY,
      path: ['AUTO_RESOLVED', 'CLOSED'],
      firstResponseAfter: 600,
      resolvedAfter: 600,
      feedback: 'helpful',
    },
    // Twelve days old, still escalated: open escalation in every window.
    { label: 'J', source: 'DISCORD', intent: 'outage', createdAgo: 12 * DAY, path: ['ESCALATED'] },
    // Forty days old: escalated, resolved by an agent after a day, closed, answer not helpful.
    {
      label: 'K',
      source: 'API',
      intent: 'billing',
      createdAgo: 40 * DAY,
      path: ['ESCALATED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'],
      firstResponseAfter: DAY,
      resolvedAfter: DAY,
      feedback: 'not_helpful',
    },
  ];

  const EVENT_TYPE: Record<TicketStatus, string> = {
    OPEN: 'created',
    AUTO_RESOLVED: 'auto_resolved',
    ESCALATED: 'escalated',
    IN_PROGRESS: 'claimed',
    RESOLVED: 'resolved',
    CLOSED: 'closed',
  };

  const within = (maxAgo: number) => DATA.filter((t) => t.createdAgo < maxAgo);
  const pick = (...labels: string[]) => DATA.filter((t) => labels.includes(t.label));
  const countBy = (specs: TicketSpec[], key: (t: TicketSpec) => string | null): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const t of specs) {
      const k = key(t) ?? 'none';
      counts[k] = (counts[k] ?? 0) + 1;
    }
    return counts;
  };
  const statusOf = (t: TicketSpec): TicketStatus => t.path[t.path.length - 1] ?? 'OPEN';
  const totalsOf = (specs: TicketSpec[]) => ({
    tickets: specs.length,
    by_status: countBy(specs, statusOf),
    by_source: countBy(specs, (t) => t.source),
    by_intent: countBy(specs, (t) => t.intent),
  });
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const firstResponses = (labels: string[]) => pick(...labels).map((t) => t.firstResponseAfter!);
  const resolutions = (labels: string[]) => pick(...labels).map((t) => t.resolvedAfter!);

  async function metrics(window?: string) {
    return app.request({
      method: 'GET',
      url: window === undefined ? '/admin/metrics' : `/admin/metrics?window=${window}`,
      headers: adminAuth,
    });
  }

  beforeAll(async () => {
    app = await startTestApp({}, ['api']);
    adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
    const prisma = app.running.services.db.prisma;
    const customer = await prisma.user.create({ data: { email: 'metrics-customer@example.com', role: 'USER' } });
    const agent = await prisma.user.create({ data: { email: 'metrics-agent@firstline.test', role: 'AGENT' } });
    now = Date.now();
    const at = (ms: number) => new Date(ms);

    for (const spec of DATA) {
      const created = now - spec.createdAgo * 1000;
      const statuses: TicketStatus[] = ['OPEN', ...spec.path];
      const status = statusOf(spec);
      const answered = spec.resolvedAfter ?? spec.firstResponseAfter;
      const ticket = await prisma.ticket.create({
        data: {
          source: spec.source,
          requesterId: customer.id,
          message: `ticket ${spec.label}`,
          status,
          intent: spec.intent,
          response: answered === undefined ? null : `answer ${spec.label}`,
          responseSource: answered === undefined ? null : spec.path.includes('RESOLVED') ? 'AGENT' : 'TEMPLATE',
          assigneeId: spec.path.includes('IN_PROGRESS') ? agent.id : null,
          createdAt: at(created),
          firstResponseAt: spec.firstResponseAfter === undefined ? null : at(created + spec.firstResponseAfter * 1000),
          resolvedAt: spec.resolvedAfter === undefined ? null : at(created + spec.resolvedAfter * 1000),
          closedAt: status === 'CLOSED' ? at(created + ((spec.resolvedAfter ?? 0) + DAY) * 1000) : null,
          // The audit trail as the pipeline writes it: 'created' (to OPEN), then one event per status change.
          events: {
            create: statuses.map((to, i) => ({
              type: EVENT_TYPE[to],
              fromStatus: i === 0 ? null : statuses[i - 1]!,
              toStatus: to,
              actorType: to === 'AUTO_RESOLVED' || to === 'ESCALATED' ? ('SYSTEM' as const) : ('USER' as const),
              actorId:
                to === 'AUTO_RESOLVED' || to === 'ESCALATED' ? null : to === 'IN_PROGRESS' || to === 'RESOLVED' ? agent.id : customer.id,
              createdAt: at(created + i * 1000),
            })),
          },
        },
      });
      if (spec.feedback) {
        await prisma.feedback.create({
          data: {
            ticketId: ticket.id,
            userId: customer.id,
            helpful: spec.feedback === 'helpful',
            createdAt: at(created + ((answered ?? 0) + HOUR) * 1000),
          },
        });
      }
    }
  });
  afterAll(() => app.stop());

  it('refuses customers and agents with 403 and anonymous callers with 401', async () => {
    const user = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    const asUser = await app.request({ method: 'GET', url: '/admin/metrics', headers: user.auth });
    const asAgent = await app.request({ method: 'GET', url: '/admin/metrics', headers: agent.auth });
    const anonymous = await app.request({ method: 'GET', url: '/admin/metrics' });
    expectError(asUser, 403, 'forbidden');
    expectError(asAgent, 403, 'forbidden');
    expectError(anonymous, 401, 'unauthorized');
  });

  it('rejects an unknown window with 400 naming the field', async () => {
    for (const window of ['1y', '7', 'ALL']) {
      const res = await metrics(window);
      expect(invalidFields(res)).toContain('querystring.window');
    }
  });

  it('defaults to the 7d window', async () => {
    const res = await metrics();
    expect(res.statusCode).toBe(200);
    expect(res.json().window).toBe('7d');
    expect(res.json().totals.tickets).toBe(within(7 * DAY).length);
  });

  it('computes every figure of the 7d window from the tickets of the last 7 days', async () => {
    const before = Date.now();
    const res = await metrics('7d');
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    const body = res.json();

    // The window starts 7 days before the moment the server computed it.
    const since = Date.parse(body.since);
    expect(since).toBeGreaterThanOrEqual(before - 7 * DAY * 1000);
    expect(since).toBeLessThanOrEqual(after - 7 * DAY * 1000);

    // In the window: A–H (I, J, K are 10, 12 and 40 days old). Processed = not OPEN = all but H = 7.
    expect(body).toEqual({
      window: '7d',
      since: body.since,
      totals: totalsOf(within(7 * DAY)),
      // Auto-resolved and never escalated: A, B, C, D (E was escalated after its auto-answer).
      auto_resolve_rate: 4 / 7,
      // Ever escalated: E, F, G.
      escalation_rate: 3 / 7,
      resolutions: {
        // Resolved status with helpful feedback and none unhelpful: A (AUTO_RESOLVED), G (RESOLVED).
        verified: 2,
        // Auto-resolved, never escalated, no feedback, resolved over 24 h ago: B and D (C is 3 h old).
        assumed: 2,
      },
      // Tickets with a first response: A 60, B 120, C 30, D 90, E 45, G 7200 s → (60 + 90) / 2 = 75.
      median_seconds_to_first_response: median(firstResponses(['A', 'B', 'C', 'D', 'E', 'G'])),
      // Tickets with resolvedAt: A 60, B 120, C 30, D 90, G 7200 s → 90.
      median_seconds_to_resolution: median(resolutions(['A', 'B', 'C', 'D', 'G'])),
      // Feedback given in the window: helpful on A and G, not helpful on E.
      satisfaction: { helpful: 2, not_helpful: 1, rate: 2 / 3 },
      // Currently ESCALATED or IN_PROGRESS, whatever the window: E, F and J.
      open_escalations: 3,
      // No chat delivery failed (the Slack tests count one).
      delivery_failures: 0,
      shadow: NO_SHADOW,
      sla: NO_SLA,
    });
    expect(body.median_seconds_to_first_response).toBe(75);
    expect(body.median_seconds_to_resolution).toBe(90);
  });

  it('includes the ten-day-old tickets in the 30d window', async () => {
    const res = await metrics('30d');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // In the window: A–J (K is 40 days old). Processed: all but H = 9.
    expect(body).toEqual({
      window: '30d',
      since: body.since,
      totals: totalsOf(within(30 * DAY)),
      // A, B, C, D and now I.
      auto_resolve_rate: 5 / 9,
      // E, F, G and now J.
      escalation_rate: 4 / 9,
      // Verified: A, G and I (CLOSED with helpful feedback). Assumed: still B and D (I has feedback).
      resolutions: { verified: 3, assumed: 2 },
      // 30, 45, 60, 90, 120, 600, 7200 → 90.
      median_seconds_to_first_response: median(firstResponses(['A', 'B', 'C', 'D', 'E', 'G', 'I'])),
      // 30, 60, 90, 120, 600, 7200 → (90 + 120) / 2 = 105.
      median_seconds_to_resolution: median(resolutions(['A', 'B', 'C', 'D', 'G', 'I'])),
      // Helpful: A, G, I; not helpful: E.
      satisfaction: { helpful: 3, not_helpful: 1, rate: 3 / 4 },
      open_escalations: 3,
      delivery_failures: 0,
      shadow: NO_SHADOW,
      sla: NO_SLA,
    });
    expect(Date.parse(body.since)).toBeLessThan(now - 12 * DAY * 1000);
    expect(body.totals.tickets).toBe(10);
    expect(body.median_seconds_to_resolution).toBe(105);
  });

  it('counts every ticket in the all window, which has no start', async () => {
    const res = await metrics('all');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // All eleven tickets; processed: all but H = 10.
    expect(body).toEqual({
      window: 'all',
      since: null,
      totals: totalsOf(DATA),
      auto_resolve_rate: 5 / 10,
      // E, F, G, J and K.
      escalation_rate: 5 / 10,
      // K was resolved but its feedback is not helpful, so it is neither verified nor assumed.
      resolutions: { verified: 3, assumed: 2 },
      // 30, 45, 60, 90, 120, 600, 7200, 86400 → 105.
      median_seconds_to_first_response: median(firstResponses(['A', 'B', 'C', 'D', 'E', 'G', 'I', 'K'])),
      // 30, 60, 90, 120, 600, 7200, 86400 → 120.
      median_seconds_to_resolution: median(resolutions(['A', 'B', 'C', 'D', 'G', 'I', 'K'])),
      satisfaction: { helpful: 3, not_helpful: 2, rate: 3 / 5 },
      open_escalations: 3,
      delivery_failures: 0,
      shadow: NO_SHADOW,
      sla: NO_SLA,
    });
  });

  it('covers only the last day in the 24h window', async () => {
    const res = await metrics('24h');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // C (3 h), E (20 h), F (22 h), H (10 min). Processed: C, E, F.
    expect(body).toMatchObject({
      window: '24h',
      totals: totalsOf(within(DAY)),
      auto_resolve_rate: 1 / 3, // C
      escalation_rate: 2 / 3, // E, F
      resolutions: { verified: 0, assumed: 0 },
      median_seconds_to_first_response: median(firstResponses(['C', 'E'])), // (30 + 45) / 2
      median_seconds_to_resolution: 30, // C only
      satisfaction: { helpful: 0, not_helpful: 1, rate: 0 }, // E
      open_escalations: 3,
    });
  });
});

describe('admin endpoints', () => {
  let app: TestApp;
  let adminAuth: Record<string, string>;
  let adminId: string;

  beforeAll(async () => {
    app = await startTestApp();
    adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
    adminId = (await app.request({ method: 'GET', url: '/auth/me', headers: adminAuth })).json().user.id;
  });
  afterAll(() => app.stop());

  const openTicket = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.request({ method: 'POST', url: '/tickets', headers, payload });

  const createKey = async (name: string) => {
    const res = await app.request({ method: 'POST', url: '/admin/api-keys', headers: adminAuth, payload: { name } });
    expect(res.statusCode).toBe(201);
    return res.json() as { api_key: { id: string; prefix: string; last_used_at: string | null; revoked_at: string | null }; key: string };
  };

  describe('GET /admin/tickets', () => {
    it('lists every customer’s tickets to an admin', async () => {
      const alice = await signUp(app);
      const bob = await signUp(app);
      const a = await openTicket(alice.auth, { message: 'Alice cannot log in' });
      const b = await openTicket(bob.auth, { message: 'Bob was charged twice' });
      expect(a.statusCode).toBe(202);
      expect(b.statusCode).toBe(202);

      const res = await app.request({ method: 'GET', url: '/admin/tickets?limit=100', headers: adminAuth });
      expect(res.statusCode).toBe(200);
      const items: { id: string; requester_id: string }[] = res.json().items;
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: a.json().id, requester_id: alice.id }),
          expect.objectContaining({ id: b.json().id, requester_id: bob.id }),
        ]),
      );
      // Alice herself sees only her own.
      const own = await app.request({ method: 'GET', url: '/tickets', headers: alice.auth });
      expect(own.json().items.map((t: { id: string }) => t.id)).toEqual([a.json().id]);
    });

    it('refuses agents and customers with 403', async () => {
      const agent = await createStaff(app, 'AGENT');
      const user = await signUp(app);
      for (const auth of [agent.auth, user.auth]) {
        const res = await app.request({ method: 'GET', url: '/admin/tickets', headers: auth });
        expectError(res, 403, 'forbidden');
      }
    });
  });

  describe('API keys', () => {
    let created: Awaited<ReturnType<typeof createKey>>;
    const bearer = () => ({ authorization: `Bearer ${created.key}` });
    const xApiKey = () => ({ 'x-api-key': created.key });

    beforeAll(async () => {
      created = await createKey('Helpdesk widget');
    });

    it('creates a key and shows it once, as fl_<12>_<43>', async () => {
      const match = KEY_FORMAT.exec(created.key);
      expect(match).not.toBeNull();
      expect(created.api_key).toMatchObject({
        name: 'Helpdesk widget',
        prefix: match![1],
        created_by: adminId,
        last_used_at: null,
        revoked_at: null,
      });
      expect(JSON.stringify(created.api_key)).not.toContain(secretOf(created.key));
    });

    it('lists keys without their secret or its hash', async () => {
      const res = await app.request({ method: 'GET', url: '/admin/api-keys', headers: adminAuth });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: created.api_key.id, prefix: created.api_key.prefix })]),
      );
      expect(res.body).not.toContain(secretOf(created.key));
      expect(res.body).not.toContain(created.key);
      expect(res.body).not.toContain('secretHash');
      expect(res.body).not.toMatch(/secret_?hash/i);
      const row = await app.running.services.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.api_key.id } });
      expect(res.body).not.toContain(row.secretHash);
    });

    it('opens tickets for a customer by email, via Bearer and via X-Api-Key', async () => {
      const viaBearer = await openTicket(bearer(), { message: 'Order 1001 never arrived', customer: { email: 'shopper@example.com' } });
      const viaHeader = await openTicket(xApiKey(), { message: 'Order 1002 never arrived', customer: { email: 'SHOPPER@example.com' } });
      expect(viaBearer.statusCode).toBe(202);
      expect(viaHeader.statusCode).toBe(202);
      expect(viaBearer.json()).toMatchObject({ source: 'API', status: 'OPEN', message: 'Order 1001 never arrived' });
      // The same customer (emails are case-insensitive), created on first use, the key's own.
      expect(viaHeader.json().requester_id).toBe(viaBearer.json().requester_id);
      const customer = await app.running.services.db.prisma.user.findUniqueOrThrow({ where: { id: viaBearer.json().requester_id } });
      expect(customer).toMatchObject({
        email: null,
        externalEmail: 'shopper@example.com',
        externalKeyId: created.api_key.id,
        role: 'USER',
        passwordHash: null,
      });
    });

    it('lists and reads only the tickets the integration created', async () => {
      const own = await openTicket(bearer(), { message: 'Integration ticket', customer: { email: 'scoped@example.com' } });
      expect(own.statusCode).toBe(202);
      const user = await signUp(app);
      const foreign = await openTicket(user.auth, { message: 'A ticket the integration did not open' });
      expect(foreign.statusCode).toBe(202);

      const list = await app.request({ method: 'GET', url: '/tickets?limit=100', headers: xApiKey() });
      expect(list.statusCode).toBe(200);
      const ids = list.json().items.map((t: { id: string }) => t.id);
      expect(ids).toContain(own.json().id);
      expect(ids).not.toContain(foreign.json().id);
      const rows = await app.running.services.db.prisma.ticket.findMany({ where: { id: { in: ids } }, select: { apiKeyId: true } });
      expect(rows.every((r) => r.apiKeyId === created.api_key.id)).toBe(true);

      const mine = await app.request({ method: 'GET', url: `/tickets/${own.json().id}`, headers: bearer() });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().id).toBe(own.json().id);
      const theirs = await app.request({ method: 'GET', url: `/tickets/${foreign.json().id}`, headers: bearer() });
      expectError(theirs, 404, 'not_found');
      const theirsByNumber = await app.request({ method: 'GET', url: `/tickets/${foreign.json().number}`, headers: bearer() });
      expect(theirsByNumber.statusCode).toBe(404);
    });

    it('never acts for the registered user whose email it gives: the ticket goes to a customer of its own', async () => {
      const user = await signUp(app);
      const usersOwn = await openTicket(user.auth, { message: 'My own question' });
      const res = await openTicket(bearer(), {
        message: 'Opened in the user’s name',
        customer: { email: user.email.toUpperCase(), name: 'Not the user' },
      });
      expect(res.statusCode).toBe(202);
      const customerId: string = res.json().requester_id;
      expect(customerId).not.toBe(user.id);
      const prisma = app.running.services.db.prisma;
      expect(await prisma.user.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({
        email: null,
        externalEmail: user.email,
        externalKeyId: created.api_key.id,
        passwordHash: null,
        displayName: 'Not the user',
      });
      // The user's account is untouched, does not get the ticket, and still signs in.
      expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
        email: user.email,
        externalKeyId: null,
        displayName: null,
      });
      const list = await app.request({ method: 'GET', url: '/tickets', headers: user.auth });
      expect(list.json().items.map((t: { id: string }) => t.id)).toEqual([usersOwn.json().id]);
      expectError(await app.request({ method: 'GET', url: `/tickets/${res.json().id}`, headers: user.auth }), 404, 'not_found');
      expect((await logInAs(app, user.email, 'correct-horse-battery')).authorization).toMatch(/^Bearer /);
      // Nor does the integration get the user's tickets.
      expectError(await app.request({ method: 'GET', url: `/tickets/${usersOwn.json().id}`, headers: bearer() }), 404, 'not_found');
      const keysList = await app.request({ method: 'GET', url: '/tickets?limit=100', headers: bearer() });
      expect(keysList.json().items.map((t: { id: string }) => t.id)).not.toContain(usersOwn.json().id);
    });

    it('keeps each integration’s customers apart, and an address an integration uses stays free to register', async () => {
      const other = await createKey('Another integration');
      const email = `shared-${randomUUID()}@example.com`;
      const mine = await openTicket(bearer(), { message: 'From the widget', customer: { email } });
      const theirs = await openTicket({ 'x-api-key': other.key }, { message: 'From the other one', customer: { email } });
      expect([mine.statusCode, theirs.statusCode]).toEqual([202, 202]);
      expect(theirs.json().requester_id).not.toBe(mine.json().requester_id);
      expectError(
        await app.request({ method: 'GET', url: `/tickets/${mine.json().id}`, headers: { 'x-api-key': other.key } }),
        404,
        'not_found',
      );

      const registered = await signUp(app, email);
      expect([mine.json().requester_id, theirs.json().requester_id]).not.toContain(registered.id);
      const list = await app.request({ method: 'GET', url: '/tickets', headers: registered.auth });
      expect(list.json().items).toEqual([]);
      const again = await openTicket(bearer(), { message: 'Later, from the widget', customer: { email } });
      expect(again.json().requester_id).toBe(mine.json().requester_id);
    });

    it('creates one customer per external_id and reuses it', async () => {
      const first = await openTicket(bearer(), { message: 'First from CRM', customer: { external_id: 'crm-42', name: 'Dana' } });
      const second = await openTicket(xApiKey(), { message: 'Second from CRM', customer: { external_id: 'crm-42' } });
      const other = await openTicket(bearer(), { message: 'Someone else from CRM', customer: { external_id: 'crm-43' } });
      expect([first.statusCode, second.statusCode, other.statusCode]).toEqual([202, 202, 202]);
      expect(second.json().requester_id).toBe(first.json().requester_id);
      expect(other.json().requester_id).not.toBe(first.json().requester_id);
      const customers = await app.running.services.db.prisma.user.findMany({
        where: { externalKeyId: created.api_key.id, externalId: 'crm-42' },
      });
      expect(customers).toHaveLength(1);
      expect(customers[0]).toMatchObject({ id: first.json().requester_id, displayName: 'Dana', email: null });
    });

    it('requires a customer when an integration opens a ticket', async () => {
      const before = await app.running.services.db.prisma.ticket.count();
      const res = await openTicket(bearer(), { message: 'For whom?' });
      expect(invalidFields(res)).toEqual(['body.customer']);
      const empty = await openTicket(bearer(), { message: 'For whom?', customer: {} });
      expect(empty.statusCode).toBe(400);
      expect(await app.running.services.db.prisma.ticket.count()).toBe(before);
    });

    it('cannot use the admin endpoints or /auth/me', async () => {
      const calls = [
        { method: 'GET', url: '/admin/metrics' },
        { method: 'GET', url: '/admin/tickets' },
        { method: 'GET', url: '/admin/api-keys' },
        { method: 'POST', url: '/admin/api-keys', payload: { name: 'escalate myself' } },
        { method: 'DELETE', url: `/admin/api-keys/${created.api_key.id}` },
        { method: 'GET', url: '/auth/me' },
      ] as const;
      for (const call of calls) {
        for (const headers of [bearer(), xApiKey()]) {
          const res = await app.request({ ...call, headers });
          expect(res.statusCode, `${call.method} ${call.url}`).toBe(403);
          expectError(res, 403, 'forbidden');
        }
      }
      const key = await app.running.services.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.api_key.id } });
      expect(key.revokedAt).toBeNull();
    });

    it('rejects a key whose secret was tampered with, and unknown or malformed keys, with 401', async () => {
      const secret = secretOf(created.key);
      const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
      const tampered = `fl_${created.api_key.prefix}_${flipped}`;
      const unknownPrefix = `fl_${'0'.repeat(12)}_${secret}`;
      for (const key of [tampered, unknownPrefix, `${created.key}x`, 'fl_nope']) {
        for (const headers of [{ authorization: `Bearer ${key}` }, { 'x-api-key': key }]) {
          const res = await app.request({ method: 'GET', url: '/tickets', headers });
          expect(res.statusCode).toBe(401);
          expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
        }
      }
    });

    it('records when a key was last used', async () => {
      const fresh = await createKey('Usage probe');
      expect(fresh.api_key.last_used_at).toBeNull();
      const use = await app.request({ method: 'GET', url: '/tickets', headers: { 'x-api-key': fresh.key } });
      expect(use.statusCode).toBe(200);

      const list = await app.request({ method: 'GET', url: '/admin/api-keys', headers: adminAuth });
      const listed = list.json().items.find((k: { id: string }) => k.id === fresh.api_key.id);
      expect(listed.last_used_at).toEqual(expect.any(String));
      expect(Date.parse(listed.last_used_at)).toBeGreaterThanOrEqual(Date.parse(listed.created_at));
    });

    it('revokes a key, which then gets 401', async () => {
      const doomed = await createKey('Retired integration');
      const ok = await openTicket(
        { authorization: `Bearer ${doomed.key}` },
        { message: 'Last one', customer: { email: 'retired@example.com' } },
      );
      expect(ok.statusCode).toBe(202);

      const del = await app.request({ method: 'DELETE', url: `/admin/api-keys/${doomed.api_key.id}`, headers: adminAuth });
      expect(del.statusCode).toBe(200);
      expect(del.json()).toMatchObject({ id: doomed.api_key.id, revoked_at: expect.any(String) });

      const styles: Record<string, string>[] = [{ authorization: `Bearer ${doomed.key}` }, { 'x-api-key': doomed.key }];
      for (const headers of styles) {
        const list = await app.request({ method: 'GET', url: '/tickets', headers });
        expect(list.statusCode).toBe(401);
        const post = await openTicket(headers, { message: 'After revocation', customer: { email: 'retired@example.com' } });
        expect(post.statusCode).toBe(401);
      }
      const listed = (await app.request({ method: 'GET', url: '/admin/api-keys', headers: adminAuth })).json().items;
      expect(listed.find((k: { id: string }) => k.id === doomed.api_key.id).revoked_at).toEqual(del.json().revoked_at);
      // Other keys keep working.
      expect((await app.request({ method: 'GET', url: '/tickets', headers: bearer() })).statusCode).toBe(200);
    });

    it('answers 404 for revoking an unknown key and 400 for a malformed id', async () => {
      const unknown = await app.request({
        method: 'DELETE',
        url: '/admin/api-keys/00000000-0000-4000-8000-000000000000',
        headers: adminAuth,
      });
      expectError(unknown, 404, 'not_found');
      const malformed = await app.request({ method: 'DELETE', url: '/admin/api-keys/not-a-uuid', headers: adminAuth });
      expectError(malformed, 400, 'validation_failed');
    });

    it('lets only admins manage keys', async () => {
      const agent = await createStaff(app, 'AGENT');
      const create = await app.request({ method: 'POST', url: '/admin/api-keys', headers: agent.auth, payload: { name: 'sneaky' } });
      expect(create.statusCode).toBe(403);
      const list = await app.request({ method: 'GET', url: '/admin/api-keys', headers: agent.auth });
      expect(list.statusCode).toBe(403);
      const anonymous = await app.request({ method: 'POST', url: '/admin/api-keys', payload: { name: 'anon' } });
      expect(anonymous.statusCode).toBe(401);
      const blank = await app.request({ method: 'POST', url: '/admin/api-keys', headers: adminAuth, payload: { name: '   ' } });
      expect(blank.statusCode).toBe(400);
    });

    it('never writes a key’s secret to the log', async () => {
      expect(app.logs.length).toBeGreaterThan(0);
      expect(app.logs.join('\n')).not.toContain(secretOf(created.key));
    });
  });
});
