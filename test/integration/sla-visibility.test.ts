// SLA timers where people read them: on GET /tickets/:id and the lists for staff only, as attainment in
// GET /admin/metrics, and as Prometheus gauges. A Firstline of its own (API only, no worker: tickets stay
// OPEN and no check rewrites the timers), whose timers are rows written here, as the SLA watch would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priority } from '../../src/domain/ticket.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type DbMetric = 'FIRST_RESPONSE' | 'NEXT_RESPONSE' | 'RESOLUTION';

describe('SLA timers shown to staff, in metrics and in Prometheus', () => {
  let app: TestApp;
  let adminAuth: Record<string, string>;
  let agentAuth: Record<string, string>;
  let customerAuth: Record<string, string>;
  let apiKey: Record<string, string>;
  /** The customer's ticket, with a met first response and a running resolution timer. */
  let watched: { id: string; number: number };
  /** A ticket an integration opened for a customer, with one timer. */
  let integrationTicketId: string;
  const now = Date.now();
  const at = (msAgo: number) => new Date(now - msAgo);

  async function openTicket(headers: Record<string, string>, payload: object): Promise<{ id: string; number: number }> {
    const res = await app.request({ method: 'POST', url: '/tickets', headers, payload });
    expect(res.statusCode).toBe(202);
    return res.json();
  }

  /** Writes one timer row (priority on the row: attainment reads it there). */
  async function timer(
    ticketId: string,
    fields: { metric: DbMetric; seq?: number; priority: Priority; breached: boolean; stoppedAgo: number | null; state?: string },
  ): Promise<void> {
    const startedAt = at((fields.stoppedAgo ?? 0) + 2 * HOUR);
    await app.running.services.db.prisma.slaTimer.create({
      data: {
        ticketId,
        metric: fields.metric,
        seq: fields.seq ?? 0,
        priority: fields.priority,
        state: fields.state ?? (fields.stoppedAgo === null ? (fields.breached ? 'breached' : 'running') : 'met'),
        breached: fields.breached,
        targetMinutes: 60,
        startedAt,
        stoppedAt: fields.stoppedAgo === null ? null : at(fields.stoppedAgo),
        atRiskAt: new Date(startedAt.getTime() + 45 * MINUTE),
        dueAt: new Date(startedAt.getTime() + 60 * MINUTE),
      },
    });
  }

  beforeAll(async () => {
    app = await startTestApp({}, ['api']);
    adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
    agentAuth = (await createStaff(app, 'AGENT')).auth;
    const customer = await signUp(app);
    customerAuth = customer.auth;
    const key = await app.request({ method: 'POST', url: '/admin/api-keys', headers: adminAuth, payload: { name: 'sla-visibility' } });
    apiKey = { 'x-api-key': key.json().key };

    watched = await openTicket(customerAuth, { message: 'My invoice shows the wrong amount' });
    integrationTicketId = (await openTicket(apiKey, { message: 'Cannot export my data', customer: { email: 'someone@example.com' } })).id;
    const other = await openTicket(customerAuth, { message: 'Another question' });

    // The customer's ticket (P4): first response met 30 minutes ago, resolution running, due in 1 h.
    await app.running.services.db.prisma.ticket.update({ where: { id: watched.id }, data: { priority: 'P4' } });
    await app.running.services.db.prisma.slaTimer.createMany({
      data: [
        {
          ticketId: watched.id,
          metric: 'FIRST_RESPONSE',
          priority: 'P4',
          state: 'met',
          breached: false,
          targetMinutes: 120,
          startedAt: at(90 * MINUTE),
          stoppedAt: at(30 * MINUTE),
          atRiskAt: null,
          dueAt: null,
        },
        {
          ticketId: watched.id,
          metric: 'RESOLUTION',
          priority: 'P4',
          state: 'running',
          breached: false,
          targetMinutes: 480,
          startedAt: at(90 * MINUTE),
          stoppedAt: null,
          atRiskAt: new Date(now + 10 * MINUTE),
          dueAt: new Date(now + 60 * MINUTE),
          nextCheckAt: new Date(now + 10 * MINUTE),
        },
      ],
    });
    await timer(integrationTicketId, { metric: 'FIRST_RESPONSE', priority: 'P2', breached: false, stoppedAgo: null });

    // P1 first response in the last 24 h: 3 met, 1 breached.
    for (const seq of [0, 1, 2])
      await timer(other.id, { metric: 'FIRST_RESPONSE', seq, priority: 'P1', breached: false, stoppedAgo: HOUR });
    await timer(other.id, { metric: 'FIRST_RESPONSE', seq: 3, priority: 'P1', breached: true, stoppedAgo: 2 * HOUR });
    // P1 resolution breached 3 days ago: in 7d, not in 24h.
    await timer(other.id, { metric: 'RESOLUTION', priority: 'P1', breached: true, stoppedAgo: 3 * DAY });
    // P2 next response: two open past their target, one open in time.
    await timer(other.id, { metric: 'NEXT_RESPONSE', seq: 1, priority: 'P2', breached: true, stoppedAgo: null });
    await timer(other.id, { metric: 'NEXT_RESPONSE', seq: 2, priority: 'P2', breached: true, stoppedAgo: null });
    await timer(other.id, { metric: 'NEXT_RESPONSE', seq: 3, priority: 'P2', breached: false, stoppedAgo: null });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const EXPECTED_WATCHED_SLA = () => [
    {
      metric: 'first_response',
      seq: 0,
      state: 'met',
      breached: false,
      target_minutes: 120,
      started_at: at(90 * MINUTE).toISOString(),
      at_risk_at: null,
      due_at: null,
      stopped_at: at(30 * MINUTE).toISOString(),
    },
    {
      metric: 'resolution',
      seq: 0,
      state: 'running',
      breached: false,
      target_minutes: 480,
      started_at: at(90 * MINUTE).toISOString(),
      at_risk_at: new Date(now + 10 * MINUTE).toISOString(),
      due_at: new Date(now + 60 * MINUTE).toISOString(),
      stopped_at: null,
    },
  ];

  it('GET /tickets/:id gives agents and admins the ticket’s timers, by id or number', async () => {
    for (const [headers, ref] of [
      [agentAuth, watched.id],
      [adminAuth, String(watched.number)],
    ] as const) {
      const res = await app.request({ method: 'GET', url: `/tickets/${ref}`, headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().sla).toEqual(EXPECTED_WATCHED_SLA());
    }
  });

  it('GET /tickets/:id shows the customer and the integration acting for one nothing of SLA', async () => {
    const own = await app.request({ method: 'GET', url: `/tickets/${watched.id}`, headers: customerAuth });
    expect(own.statusCode).toBe(200);
    expect(own.json().id).toBe(watched.id);
    expect(own.json()).not.toHaveProperty('sla');
    expect(own.body).not.toMatch(/"sla"|target_minutes|due_at|breached/);

    const viaKey = await app.request({ method: 'GET', url: `/tickets/${integrationTicketId}`, headers: apiKey });
    expect(viaKey.statusCode).toBe(200);
    expect(viaKey.json()).not.toHaveProperty('sla');
  });

  it('a ticket with no timers reads an empty list for staff', async () => {
    const fresh = await openTicket(customerAuth, { message: 'Nothing watched yet' });
    const res = await app.request({ method: 'GET', url: `/tickets/${fresh.id}`, headers: agentAuth });
    expect(res.json().sla).toEqual([]);
  });

  it('the lists carry each ticket’s timers for staff and none for the customer', async () => {
    const staff = await app.request({ method: 'GET', url: '/tickets?limit=100', headers: agentAuth });
    const item = staff.json().items.find((t: { id: string }) => t.id === watched.id);
    expect(item.sla).toEqual(EXPECTED_WATCHED_SLA());
    expect(staff.json().items.every((t: object) => Array.isArray((t as { sla?: unknown }).sla))).toBe(true);

    const admin = await app.request({ method: 'GET', url: '/admin/tickets?limit=100', headers: adminAuth });
    expect(admin.json().items.find((t: { id: string }) => t.id === integrationTicketId).sla).toMatchObject([
      { metric: 'first_response', state: 'running', breached: false },
    ]);

    for (const headers of [customerAuth, apiKey]) {
      const res = await app.request({ method: 'GET', url: '/tickets?limit=100', headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().items.length).toBeGreaterThan(0);
      for (const t of res.json().items) expect(t).not.toHaveProperty('sla');
    }
  });

  /** A row of GET /admin/metrics' `sla` table. */
  const row = (priority: Priority, metric: string, met: number, breached: number, attainment: number | null, breached_open = 0) => ({
    priority,
    metric,
    met,
    breached,
    attainment,
    breached_open,
  });

  /** Every pair at zero but those given. */
  function table(rows: ReturnType<typeof row>[]) {
    const given = new Map(rows.map((r) => [`${r.priority}:${r.metric}`, r]));
    return ['P1', 'P2', 'P3', 'P4'].flatMap((priority) =>
      ['first_response', 'next_response', 'resolution'].map(
        (metric) => given.get(`${priority}:${metric}`) ?? row(priority as Priority, metric, 0, 0, null),
      ),
    );
  }

  it('GET /admin/metrics gives attainment per priority and metric over the window, and the open breaches', async () => {
    const day = await app.request({ method: 'GET', url: '/admin/metrics?window=24h', headers: adminAuth });
    expect(day.statusCode).toBe(200);
    expect(day.json().sla).toEqual(
      table([row('P1', 'first_response', 3, 1, 0.75), row('P2', 'next_response', 0, 0, null, 2), row('P4', 'first_response', 1, 0, 1)]),
    );

    const week = await app.request({ method: 'GET', url: '/admin/metrics?window=7d', headers: adminAuth });
    expect(week.json().sla).toEqual(
      table([
        row('P1', 'first_response', 3, 1, 0.75),
        row('P1', 'resolution', 0, 1, 0),
        row('P2', 'next_response', 0, 0, null, 2),
        row('P4', 'first_response', 1, 0, 1),
      ]),
    );
  });

  it('GET /admin/metrics stays for admins: an agent is refused', async () => {
    const res = await app.request({ method: 'GET', url: '/admin/metrics', headers: agentAuth });
    expect(res.statusCode).toBe(403);
  });

  it('the OpenAPI document describes the timers and the attainment table', async () => {
    const doc = (await app.request({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.components.schemas.SlaTimer.properties)).toEqual(
      expect.arrayContaining(['metric', 'state', 'breached', 'target_minutes', 'started_at', 'due_at', 'stopped_at']),
    );
    expect(doc.components.schemas.Ticket.properties.sla).toBeDefined();
    expect(doc.components.schemas.Ticket.required).not.toContain('sla');
    expect(Object.keys(doc.components.schemas.SlaAttainment.properties)).toEqual(
      expect.arrayContaining(['priority', 'metric', 'met', 'breached', 'attainment', 'breached_open']),
    );
  });

  it('Prometheus exposes SLA timers of the last 24 h and the open breaches, per priority and metric', async () => {
    const res = await app.request({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'firstline_sla_timers{priority="P1",metric="first_response",outcome="met"} 3',
        'firstline_sla_timers{priority="P1",metric="first_response",outcome="breached"} 1',
        // Three days ago: outside the gauge's 24 h.
        'firstline_sla_timers{priority="P1",metric="resolution",outcome="breached"} 0',
        'firstline_sla_timers{priority="P4",metric="first_response",outcome="met"} 1',
        'firstline_sla_timers{priority="P3",metric="next_response",outcome="met"} 0',
        'firstline_sla_breached_open{priority="P2",metric="next_response"} 2',
        'firstline_sla_breached_open{priority="P1",metric="first_response"} 0',
      ]),
    );
    // Every priority and metric has its series, breached open or not.
    expect(lines.filter((l) => l.startsWith('firstline_sla_timers{'))).toHaveLength(4 * 3 * 2);
    expect(lines.filter((l) => l.startsWith('firstline_sla_breached_open{'))).toHaveLength(4 * 3);
  });
});
