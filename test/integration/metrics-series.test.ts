// GET /admin/metrics/series on real PostgreSQL: tickets, their audit trail and SLA timers written
// with backdated times as the pipeline and agents write them, and the figures read back per bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationReason } from '../../src/domain/decide.js';
import type { TicketSource, TicketStatus } from '../../src/domain/ticket.js';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface SeriesPoint {
  start: string;
  tickets: { total: number; by_source: Record<TicketSource, number> };
  automatic: { decided: number; automatic: number; share: number | null };
  precision: { rated: number; helpful: number; precision: number | null };
  escalations: { total: number; by_reason: Record<EscalationReason, number> };
  response_times: {
    resolved: number;
    first_response: { median: number | null; p90: number | null };
    resolution: { median: number | null; p90: number | null };
  };
  sla: { met: number; breached: number; attainment: number | null };
}
interface Series {
  window: string;
  bucket: string;
  from: string;
  to: string;
  points: SeriesPoint[];
  intents: { top: { intent: string; tickets: number }[]; other: number; unclassified: number };
}

describe('GET /admin/metrics/series', () => {
  // API only, no worker: the rows written below are the whole data set.
  let app: TestApp;
  let adminAuth: Record<string, string>;
  /** Start of the UTC hour the data set was written in; every time below is relative to it. */
  let hour: number;
  const iso = (ms: number) => new Date(ms).toISOString();
  const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;

  async function series(query: string, headers = adminAuth) {
    return app.request({ method: 'GET', url: `/admin/metrics/series${query}`, headers });
  }
  async function seriesOk(query: string): Promise<Series> {
    const res = await series(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Series>();
  }
  const pointAt = (s: Series, start: number): SeriesPoint => {
    const point = s.points.find((p) => p.start === iso(start));
    if (!point) throw new Error(`no point at ${iso(start)} in ${s.from}–${s.to}`);
    return point;
  };
  const sum = (s: Series, pick: (p: SeriesPoint) => number) => s.points.reduce((total, p) => total + pick(p), 0);

  beforeAll(async () => {
    app = await startTestApp({}, ['api']);
    adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
    const prisma = app.running.services.db.prisma;
    const customer = await prisma.user.create({ data: { email: 'series-customer@example.com', role: 'USER' } });
    const agent = await prisma.user.create({ data: { email: 'series-agent@firstline.test', role: 'AGENT' } });
    hour = floorTo(Date.now(), HOUR);
    const A = hour - 3 * HOUR; // three hours ago: most of the data set
    const B = hour - HOUR; // the previous hour: a late resolution and a second rating
    const at = (ms: number) => new Date(ms);

    type Event = { type: string; from?: TicketStatus; to?: TicketStatus; at: number; data?: Record<string, unknown>; byAgent?: boolean };
    async function ticket(spec: {
      source: TicketSource;
      intent: string | null;
      created: number;
      status: TicketStatus;
      reason?: EscalationReason;
      firstResponse?: number;
      resolved?: number;
      feedback?: boolean;
      events: Event[];
    }) {
      const row = await prisma.ticket.create({
        data: {
          source: spec.source,
          requesterId: customer.id,
          message: `ticket from ${spec.source}`,
          status: spec.status,
          intent: spec.intent,
          escalationReason: spec.reason ?? null,
          createdAt: at(spec.created),
          firstResponseAt: spec.firstResponse === undefined ? null : at(spec.firstResponse),
          resolvedAt: spec.resolved === undefined ? null : at(spec.resolved),
          events: {
            create: [{ type: 'created', toStatus: 'OPEN', at: spec.created }, ...spec.events].map((e: Event) => ({
              type: e.type,
              fromStatus: e.from ?? null,
              toStatus: e.to ?? null,
              actorType: e.byAgent ? ('USER' as const) : e.type === 'feedback' ? ('USER' as const) : ('SYSTEM' as const),
              actorId: e.byAgent ? agent.id : e.type === 'feedback' ? customer.id : null,
              data: (e.data ?? {}) as object,
              createdAt: at(e.at),
            })),
          },
        },
      });
      // The Feedback row holds the latest rating only; the audit trail holds each.
      if (spec.feedback !== undefined) {
        await prisma.feedback.create({ data: { ticketId: row.id, userId: customer.id, helpful: spec.feedback } });
      }
      return row;
    }
    const triaged = (to: 'AUTO_RESOLVED' | 'ESCALATED', when: number): Event => ({ type: 'triaged', from: 'OPEN', to, at: when });
    const rated = (helpful: boolean, when: number): Event => ({ type: 'feedback', at: when, data: { helpful, rating: null } });

    // 1. Answered automatically in 2 s, rated helpful.
    await ticket({
      source: 'API',
      intent: 'billing',
      created: A + 5 * MINUTE,
      status: 'AUTO_RESOLVED',
      firstResponse: A + 5 * MINUTE + 2 * SECOND,
      resolved: A + 5 * MINUTE + 2 * SECOND,
      feedback: true,
      events: [triaged('AUTO_RESOLVED', A + 5 * MINUTE + 2 * SECOND), rated(true, A + 20 * MINUTE)],
    });
    // 2. Answered automatically in 4 s, rated not helpful (escalated), resolved by an agent in hour B,
    // then rated helpful: that second rating is of the agent's answer and is not the automatic answer's.
    const rejected = await ticket({
      source: 'SLACK',
      intent: 'password_reset',
      created: A + 10 * MINUTE,
      status: 'RESOLVED',
      reason: 'customer_rejected',
      firstResponse: A + 10 * MINUTE + 4 * SECOND,
      resolved: B + 10 * MINUTE,
      feedback: true,
      events: [
        triaged('AUTO_RESOLVED', A + 10 * MINUTE + 4 * SECOND),
        rated(false, A + 30 * MINUTE),
        { type: 'escalated', from: 'AUTO_RESOLVED', to: 'ESCALATED', at: A + 30 * MINUTE, data: { reason: 'customer_rejected' } },
        { type: 'claimed', from: 'ESCALATED', to: 'IN_PROGRESS', at: A + 40 * MINUTE, byAgent: true },
        { type: 'resolved', from: 'IN_PROGRESS', to: 'RESOLVED', at: B + 10 * MINUTE, byAgent: true },
        rated(true, B + 15 * MINUTE),
      ],
    });
    // 3. Escalated (low confidence), answered and resolved by an agent 30 minutes later.
    const escalated = await ticket({
      source: 'DISCORD',
      intent: 'outage',
      created: A + 15 * MINUTE,
      status: 'RESOLVED',
      reason: 'low_confidence',
      firstResponse: A + 45 * MINUTE,
      resolved: A + 45 * MINUTE,
      events: [
        triaged('ESCALATED', A + 15 * MINUTE + SECOND),
        { type: 'claimed', from: 'ESCALATED', to: 'IN_PROGRESS', at: A + 20 * MINUTE, byAgent: true },
        { type: 'resolved', from: 'IN_PROGRESS', to: 'RESOLVED', at: A + 45 * MINUTE, byAgent: true },
      ],
    });
    // 4. Escalated as urgent, nobody has answered yet.
    const waiting = await ticket({
      source: 'API',
      intent: 'outage',
      created: A + 20 * MINUTE,
      status: 'ESCALATED',
      reason: 'urgent',
      events: [triaged('ESCALATED', A + 20 * MINUTE + SECOND)],
    });
    // 5. Just opened in hour B, not triaged yet.
    await ticket({ source: 'API', intent: null, created: B + MINUTE, status: 'OPEN', events: [] });
    // 6. Thirty hours ago (outside 24h, inside 7d): answered automatically, rated helpful.
    const old = hour - 30 * HOUR;
    await ticket({
      source: 'SLACK',
      intent: 'billing',
      created: old,
      status: 'AUTO_RESOLVED',
      firstResponse: old + SECOND,
      resolved: old + SECOND,
      feedback: true,
      events: [triaged('AUTO_RESOLVED', old + SECOND), rated(true, old + HOUR)],
    });
    // 7. Nine days ago: in no window below but 30d.
    await ticket({ source: 'DISCORD', intent: 'billing', created: hour - 9 * DAY, status: 'OPEN', events: [] });

    // SLA timers: stopped in hour A (one met, one breached) and B (met); one still running.
    const timer = (ticketId: string, metric: 'FIRST_RESPONSE' | 'RESOLUTION', stopped: number | null, breached: boolean) =>
      prisma.slaTimer.create({
        data: {
          ticketId,
          metric,
          priority: 'P2',
          state: stopped === null ? 'running' : 'met',
          breached,
          targetMinutes: 20,
          startedAt: at(A),
          stoppedAt: stopped === null ? null : at(stopped),
        },
      });
    await timer(escalated.id, 'FIRST_RESPONSE', A + 45 * MINUTE, true);
    await timer(escalated.id, 'RESOLUTION', A + 45 * MINUTE, false);
    await timer(rejected.id, 'FIRST_RESPONSE', B + 10 * MINUTE, false);
    await timer(waiting.id, 'FIRST_RESPONSE', null, false);
  });
  afterAll(() => app.stop());

  it('refuses customers and agents with 403 and anonymous callers with 401', async () => {
    const customer = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    expectError(await series('', customer.auth), 403, 'forbidden');
    expectError(await series('', agent.auth), 403, 'forbidden');
    expectError(await series('', {}), 401, 'unauthorized');
  });

  it('refuses an unknown window or bucket, an unknown parameter, and more than 2,000 buckets (90 days by the hour)', async () => {
    expect(invalidFields(await series('?window=1y'))).toEqual(['querystring.window']);
    expect(invalidFields(await series('?window=7d&bucket=week'))).toEqual(['querystring.bucket']);
    expect(invalidFields(await series('?window=7d&limit=3'))).toEqual(['querystring']);
    const tooMany = await series('?window=90d&bucket=hour');
    expect(invalidFields(tooMany)).toEqual(['querystring.bucket']);
    expect(tooMany.json().error.message).toContain('more than 2000 buckets');
    expect((await seriesOk('?window=30d&bucket=hour')).points).toHaveLength(721);
    expect((await seriesOk('?window=90d')).points).toHaveLength(91);
  });

  it('cuts the last 24 hours into UTC hours, every one present', async () => {
    const s = await seriesOk('?window=24h');
    const now = floorTo(Date.now(), HOUR); // the hour may have turned since the data was written
    expect(s).toMatchObject({ window: '24h', bucket: 'hour', from: iso(now - 24 * HOUR), to: iso(now + HOUR) });
    expect(s.points.map((p) => p.start)).toEqual(Array.from({ length: 25 }, (_, i) => iso(now - 24 * HOUR + i * HOUR)));
    // An hour with nothing in it reads zeros and nulls.
    expect(pointAt(s, hour - 2 * HOUR)).toMatchObject({
      tickets: { total: 0, by_source: { API: 0, SLACK: 0, DISCORD: 0 } },
      automatic: { decided: 0, automatic: 0, share: null },
      precision: { rated: 0, helpful: 0, precision: null },
      escalations: { total: 0 },
      response_times: { resolved: 0, first_response: { median: null, p90: null }, resolution: { median: null, p90: null } },
      sla: { met: 0, breached: 0, attainment: null },
    });
  });

  it('gives per hour the tickets by source, the automatic share, precision, escalations by reason, times and SLA attainment', async () => {
    const s = await seriesOk('?window=24h&bucket=hour');
    const a = pointAt(s, hour - 3 * HOUR);
    expect(a.tickets).toEqual({ total: 4, by_source: { API: 2, SLACK: 1, DISCORD: 1 } });
    expect(a.automatic).toEqual({ decided: 4, automatic: 2, share: 0.5 });
    // Tickets 1 (helpful) and 2 (not helpful): their first ratings.
    expect(a.precision).toEqual({ rated: 2, helpful: 1, precision: 0.5 });
    expect(a.escalations.total).toBe(3);
    expect(a.escalations.by_reason).toMatchObject({ customer_rejected: 1, low_confidence: 1, urgent: 1, incident: 0 });
    // Resolved in hour A: ticket 1 (2 s) and ticket 3 (30 min); percentiles interpolate between them.
    expect(a.response_times.resolved).toBe(2);
    expect(a.response_times.first_response.median).toBeCloseTo(901, 6);
    expect(a.response_times.first_response.p90).toBeCloseTo(2 + 0.9 * 1798, 6);
    expect(a.response_times.resolution).toEqual(a.response_times.first_response);
    expect(a.sla).toEqual({ met: 1, breached: 1, attainment: 0.5 });

    const b = pointAt(s, hour - HOUR);
    expect(b.tickets).toEqual({ total: 1, by_source: { API: 1, SLACK: 0, DISCORD: 0 } });
    expect(b.automatic).toEqual({ decided: 0, automatic: 0, share: null });
    // Ticket 2's second rating (of the agent's answer) is not an automatic answer's.
    expect(b.precision).toEqual({ rated: 0, helpful: 0, precision: null });
    // Ticket 2, resolved by the agent: first response 4 s (the automatic answer), resolution 2 h.
    expect(b.response_times).toEqual({
      resolved: 1,
      first_response: { median: 4, p90: 4 },
      resolution: { median: 2 * 3600, p90: 2 * 3600 },
    });
    expect(b.sla).toEqual({ met: 1, breached: 0, attainment: 1 });

    expect(sum(s, (p) => p.tickets.total)).toBe(5);
    expect(s.intents).toEqual({
      top: [
        { intent: 'outage', tickets: 2 },
        { intent: 'billing', tickets: 1 },
        { intent: 'password_reset', tickets: 1 },
      ],
      other: 0,
      unclassified: 1,
    });
  });

  it('cuts 7 days into UTC days by default, and the window’s intents cover the same range', async () => {
    const s = await seriesOk('?window=7d');
    expect(s.bucket).toBe('day');
    expect(s.points).toHaveLength(8);
    expect(s.points.every((p) => p.start.endsWith('T00:00:00.000Z'))).toBe(true);
    expect(sum(s, (p) => p.tickets.total)).toBe(6);
    expect(sum(s, (p) => p.automatic.automatic)).toBe(3);
    expect(sum(s, (p) => p.precision.rated)).toBe(3);
    expect(sum(s, (p) => p.precision.helpful)).toBe(2);
    const oldDay = pointAt(s, floorTo(hour - 30 * HOUR, DAY));
    expect(oldDay.tickets.by_source.SLACK).toBeGreaterThanOrEqual(1);
    expect(s.intents.top).toEqual([
      { intent: 'billing', tickets: 2 },
      { intent: 'outage', tickets: 2 },
      { intent: 'password_reset', tickets: 1 },
    ]);
    expect((await seriesOk('?window=30d')).intents.top[0]).toEqual({ intent: 'billing', tickets: 3 });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.request({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/admin/metrics/series'].get;
    expect(op.tags).toEqual(['admin']);
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['bucket', 'window']);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403']);
  });
});
