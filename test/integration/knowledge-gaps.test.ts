// GET /admin/knowledge-gaps on real PostgreSQL: escalations no passage answered, grouped by what they ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationReason } from '../../src/domain/decide.js';
import type { TicketStatus } from '../../src/domain/ticket.js';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THRESHOLD = 0.8;

interface GapView {
  count: number;
  example_messages: string[];
  ticket_numbers: number[];
  latest_at: string;
  top_terms: string[];
  best_passage_confidence: number | null;
}

/** One ticket as triage and agents would have left it, with the `triaged` event it was decided on. */
interface TicketSpec {
  label: string;
  message: string;
  ago: number;
  status: TicketStatus;
  reason: EscalationReason;
  /** The best passage candidate's answer confidence; absent: no passage was a candidate. */
  passage?: number;
  /** The threshold the decision used (an intent's own may be higher); null: no comparison made. */
  used?: number | null;
}

const DATA: TicketSpec[] = [
  // Gaps: escalated for want of an answer, no passage at the threshold.
  { label: 'export-1', message: 'How do I export my invoices to CSV?', ago: 2 * HOUR, status: 'ESCALATED', reason: 'low_confidence' },
  {
    label: 'export-2',
    message: 'Can I export invoices as a CSV file?',
    ago: 3 * DAY,
    status: 'IN_PROGRESS',
    reason: 'no_reply_available',
    used: null,
  },
  {
    label: 'export-3',
    message: 'export invoices to csv',
    ago: 5 * DAY,
    status: 'RESOLVED',
    reason: 'unknown_intent',
    passage: 0.35,
    used: null,
  },
  {
    label: 'sso-1',
    message: 'How can I set up SAML single sign-on for my team?',
    ago: 4 * HOUR,
    status: 'ESCALATED',
    reason: 'low_confidence',
    passage: 0.42,
  },
  // The passage reached the default but not the intent's own, higher threshold: still a gap.
  {
    label: 'sso-2',
    message: 'Setting up SAML single sign-on',
    ago: 2 * DAY,
    status: 'CLOSED',
    reason: 'low_confidence',
    passage: 0.85,
    used: 0.9,
  },
  { label: 'export-old', message: 'Export my invoices to CSV', ago: 12 * DAY, status: 'RESOLVED', reason: 'low_confidence' },
  // Not gaps: a passage answered, or the ticket went to a person whatever the docs say.
  {
    label: 'answered',
    message: 'How do I export invoices to CSV?',
    ago: 1 * DAY,
    status: 'ESCALATED',
    reason: 'low_confidence',
    passage: 0.9,
  },
  { label: 'urgent', message: 'Export invoices to CSV is broken for everyone', ago: 1 * DAY, status: 'ESCALATED', reason: 'urgent' },
  {
    label: 'human',
    message: 'Let me talk to a person about exporting invoices to CSV',
    ago: 1 * DAY,
    status: 'IN_PROGRESS',
    reason: 'customer_requested_human',
  },
  { label: 'auto', message: 'How do I export invoices in CSV?', ago: 1 * DAY, status: 'AUTO_RESOLVED', reason: 'low_confidence' },
];

describe('GET /admin/knowledge-gaps', () => {
  let app: TestApp;
  let adminAuth: Record<string, string>;
  const numbers = new Map<string, number>();
  const created = new Map<string, Date>();
  const numbersOf = (...labels: string[]) => labels.map((l) => numbers.get(l)!).sort((a, b) => b - a);

  async function gaps(query = '') {
    const res = await app.request({ method: 'GET', url: `/admin/knowledge-gaps${query}`, headers: adminAuth });
    expect(res.statusCode).toBe(200);
    return res.json() as { window: string; tickets: number; truncated: boolean; groups: GapView[] };
  }

  beforeAll(async () => {
    app = await startTestApp({}, ['api']);
    adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
    const prisma = app.running.services.db.prisma;
    const customer = await prisma.user.create({ data: { email: 'gaps-customer@example.com', role: 'USER' } });
    const now = Date.now();
    for (const spec of DATA) {
      const createdAt = new Date(now - spec.ago);
      const answeredByAgent = spec.status === 'RESOLVED' || spec.status === 'CLOSED';
      const candidates = [
        { kind: 'template', source: 'tpl-1', intent: 'billing', answerConfidence: 0.2, features: {} },
        ...(spec.passage === undefined
          ? []
          : [{ kind: 'passage', source: 'chunk-1', intent: null, answerConfidence: spec.passage, features: {} }]),
      ];
      const ticket = await prisma.ticket.create({
        data: {
          source: 'API',
          requesterId: customer.id,
          message: spec.message,
          status: spec.status,
          escalationReason: spec.status === 'AUTO_RESOLVED' ? null : spec.reason,
          responseSource: answeredByAgent ? 'AGENT' : spec.status === 'AUTO_RESOLVED' ? 'KNOWLEDGE' : null,
          response: answeredByAgent || spec.status === 'AUTO_RESOLVED' ? `answer ${spec.label}` : null,
          createdAt,
          events: {
            create: [
              { type: 'created', toStatus: 'OPEN', actorType: 'USER', actorId: customer.id, createdAt },
              {
                type: 'triaged',
                fromStatus: 'OPEN',
                toStatus: spec.status === 'AUTO_RESOLVED' ? 'AUTO_RESOLVED' : 'ESCALATED',
                actorType: 'SYSTEM',
                createdAt: new Date(createdAt.getTime() + 1000),
                data: {
                  decision: spec.status === 'AUTO_RESOLVED' ? 'auto_resolve' : 'escalate',
                  reason: spec.status === 'AUTO_RESOLVED' ? null : spec.reason,
                  thresholds: { autoResolve: THRESHOLD, used: spec.used === undefined ? THRESHOLD : spec.used },
                  candidates,
                },
              },
            ],
          },
        },
      });
      numbers.set(spec.label, ticket.number);
      created.set(spec.label, createdAt);
    }
  });
  afterAll(() => app.stop());

  it('refuses customers and agents with 403 and anonymous callers with 401', async () => {
    const user = await signUp(app);
    const agent = await createStaff(app, 'AGENT');
    expectError(await app.request({ method: 'GET', url: '/admin/knowledge-gaps', headers: user.auth }), 403, 'forbidden');
    expectError(await app.request({ method: 'GET', url: '/admin/knowledge-gaps', headers: agent.auth }), 403, 'forbidden');
    expectError(await app.request({ method: 'GET', url: '/admin/knowledge-gaps' }), 401, 'unauthorized');
  });

  it('groups the last 7 days of escalations no passage answered, biggest group first, leaving out answered, urgent and human-requested ones', async () => {
    const body = await gaps();
    expect(body).toMatchObject({ window: '7d', tickets: 5, truncated: false });
    expect(body.groups.map((g) => g.ticket_numbers)).toEqual([numbersOf('export-1', 'export-2', 'export-3'), numbersOf('sso-1', 'sso-2')]);
    const [exports, sso] = body.groups;
    expect(exports).toMatchObject({ count: 3, best_passage_confidence: 0.35 });
    expect(exports!.latest_at).toBe(created.get('export-1')!.toISOString());
    expect(exports!.example_messages).toHaveLength(3);
    expect(exports!.top_terms).toEqual(expect.arrayContaining(['export', 'invoices', 'csv']));
    expect(sso).toMatchObject({ count: 2, best_passage_confidence: 0.85 });
    expect(sso!.top_terms).toEqual(expect.arrayContaining(['saml', 'sign', 'single']));
  });

  it('honours the window: the last 24 hours hold fewer gaps, 30 days the older ones too', async () => {
    const day = await gaps('?window=24h');
    expect(
      day.groups
        .map((g) => g.ticket_numbers)
        .flat()
        .sort(),
    ).toEqual(numbersOf('export-1', 'sso-1').sort());
    const month = await gaps('?window=30d');
    expect(month.tickets).toBe(6);
    expect(month.groups[0]!.ticket_numbers).toEqual(numbersOf('export-1', 'export-2', 'export-3', 'export-old'));
    const all = await gaps('?window=all');
    expect(all.tickets).toBe(6);
  });

  it('returns at most `limit` groups', async () => {
    const body = await gaps('?limit=1');
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]!.count).toBe(3);
  });

  it('rejects an unknown window or a limit out of range with 400 naming the field', async () => {
    const badWindow = await app.request({ method: 'GET', url: '/admin/knowledge-gaps?window=1y', headers: adminAuth });
    expect(invalidFields(badWindow)).toContain('querystring.window');
    const badLimit = await app.request({ method: 'GET', url: '/admin/knowledge-gaps?limit=0', headers: adminAuth });
    expect(invalidFields(badLimit)).toContain('querystring.limit');
  });

  it('is described in the OpenAPI document', async () => {
    const res = await app.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys((res.json() as { paths: Record<string, unknown> }).paths)).toContain('/admin/knowledge-gaps');
  });
});
