// `npm run bench -- console`: what the web console's pages cost to render with 100,000 tickets in
// PostgreSQL (issue 18: server time p99 < 200 ms for the inbox and ticket pages).
// A throwaway database is migrated by the service (`startFirstline`, role api) and then seeded in SQL
// (generate_series, setseed: the same rows every run): 5,000 customers, 12 agents and the admin who
// signs in; 100,000 tickets created over 90 days, numbered in creation order, sources API/Slack/Discord
// 40/40/20 % (Slack in 8 workspaces, Discord in 4 servers), 20 intents, priorities P1–P4 5/20/60/15 %,
// statuses auto-resolved 45 %, resolved 22 %, closed 15 %, escalated 8 %, in progress 6 %, open 4 %
// (the open ones in the last day), assignees on the tickets agents took (the admin among the agents);
// messages drawn from 40 customer requests (3 of them about a password). Every ticket has its
// `created` and `triaged` events (decision, thresholds, candidates weighed); escalated and
// agent-handled ones a status event, 1–4 follow-up messages, SLA timers; half the tickets 1–3 stored
// reply candidates. Then, signed in through the console's form as the admin, each page is fetched
// sequentially over HTTP from the same process (loopback; the figure includes the client's fetch):
// warm-up requests first, then N timed ones (a third as many for the dashboard, which is admins' only
// and not under the target). Writes bench/results/console.json and a table.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { pino } from 'pino';
import { startFirstline } from '../src/app/roles.js';
import { loadConfig } from '../src/config/config.js';
import { percentile, withThrowawayServices } from './lib/bench-env.js';
import { prng } from './lib/seeded.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TICKETS = Number(process.env.BENCH_CONSOLE_TICKETS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_CONSOLE_REQUESTS ?? 300);
const WARM_UP = Number(process.env.BENCH_CONSOLE_WARM_UP ?? 30);
const DASHBOARD_REQUESTS = Math.ceil(REQUESTS / 3);
const TARGET_P99_MS = 200;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-1' };

const INTENTS = [
  'reset_password',
  'login_issue',
  'billing_question',
  'refund_request',
  'cancel_subscription',
  'upgrade_plan',
  'invoice_copy',
  'change_email',
  'two_factor',
  'account_locked',
  'export_data',
  'delete_account',
  'api_error',
  'integration_setup',
  'slow_performance',
  'outage_report',
  'feature_request',
  'bug_report',
  'shipping_status',
  'other',
];
const MESSAGES = [
  'I forgot my password and the reset email never arrives',
  'How do I change my password? The settings page gives an error',
  'My password reset link says it has expired',
  'I cannot log in to my account since this morning',
  'Why was I charged twice this month?',
  'Please refund my last invoice, I cancelled before the renewal',
  'How do I cancel my subscription?',
  'Can I upgrade to the team plan in the middle of the month?',
  'I need a copy of the invoice for March for our accountant',
  'How can I change the email address on my account?',
  'I lost my phone and cannot get the two-factor code',
  'My account is locked after too many attempts',
  'How do I export all my data as CSV?',
  'Please delete my account and all of my data',
  'The API returns 500 when I create a project',
  'The webhook integration stopped sending events yesterday',
  'The dashboard takes a minute to load',
  'Is the service down? Nothing loads for our whole team',
  'It would be great to have dark mode',
  'The export button does nothing in Firefox',
  'Where is my order? It was supposed to arrive on Monday',
  'How do I invite a colleague to my workspace?',
  'Can I get a discount for a nonprofit organisation?',
  'The mobile app crashes when I open a report',
  'How do I connect the Slack integration?',
  'My card was declined but the bank says it is fine',
  'What are your support hours?',
  'The search does not find documents I uploaded today',
  'Can I move my projects to another workspace?',
  'Our SSO login fails with an invalid certificate error',
  'How do I remove a member from my team?',
  'I want to change the billing currency to euros',
  'The calendar sync shows events at the wrong time',
  'Notifications are sent twice for every comment',
  'How do I restore a deleted file?',
  'Our storage quota is full, how do I get more space?',
  'The invoice shows the wrong company address',
  'Can I pause my subscription for two months?',
  'The report totals do not match the export',
  'I was logged out and now my settings are gone',
];

/** The seed: one transaction of INSERT … SELECT over generate_series, repeatable through setseed. */
function seedSql(tickets: number): string {
  const arr = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;
  return `
  SELECT setseed(0.18);
  INSERT INTO "User" (id, email, role, "displayName", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'customer' || i || '@example.com', 'USER', 'Customer ' || i, now(), now()
      FROM generate_series(1, 5000) i;
  INSERT INTO "User" (id, email, role, "displayName", skills, capacity, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'agent' || i || '@example.com', 'AGENT', 'Agent ' || i, ARRAY['billing'], 10, now(), now()
      FROM generate_series(1, 12) i;

  CREATE TEMP TABLE customers AS SELECT row_number() OVER (ORDER BY id) AS k, id FROM "User" WHERE role = 'USER';
  CREATE TEMP TABLE agents AS SELECT row_number() OVER (ORDER BY email) AS k, id FROM "User" WHERE role IN ('AGENT', 'ADMIN');

  CREATE TEMP TABLE draws AS
    SELECT i, random() AS r_status, random() AS r_source, random() AS r_ws, floor(random() * 20)::int AS intent_k,
           floor(random() * ${MESSAGES.length})::int AS msg_k, random() AS r_prio, random() AS r_conf,
           floor(random() * 5000)::int + 1 AS cust_k, floor(random() * (SELECT count(*) FROM agents))::int + 1 AS agent_k,
           random() AS r_age, random() AS r_resp, random() AS r_extra
      FROM generate_series(1, ${tickets}) i;

  CREATE TEMP TABLE seed AS
    SELECT d.*,
           CASE WHEN d.r_status < 0.45 THEN 'AUTO_RESOLVED' WHEN d.r_status < 0.67 THEN 'RESOLVED'
                WHEN d.r_status < 0.82 THEN 'CLOSED' WHEN d.r_status < 0.90 THEN 'ESCALATED'
                WHEN d.r_status < 0.96 THEN 'IN_PROGRESS' ELSE 'OPEN' END AS status,
           CASE WHEN d.r_source < 0.4 THEN 'API' WHEN d.r_source < 0.8 THEN 'SLACK' ELSE 'DISCORD' END AS source,
           CASE WHEN d.r_prio < 0.05 THEN 'P1' WHEN d.r_prio < 0.25 THEN 'P2' WHEN d.r_prio < 0.85 THEN 'P3' ELSE 'P4' END AS priority
      FROM draws d;
  -- Open tickets are recent (the pipeline takes them within seconds); the others spread over 90 days.
  ALTER TABLE seed ADD COLUMN created timestamptz;
  UPDATE seed SET created = now() - CASE WHEN status = 'OPEN' THEN r_age * interval '1 day' ELSE r_age * interval '90 days' END;

  INSERT INTO "Ticket" (id, source, "requesterId", message, status, intent, confidence, urgency, priority, "escalationReason",
                        response, "responseSource", "assigneeId", "chatPlatform", "chatWorkspaceId", "chatChannelId",
                        "chatThreadId", "chatMessageId", "createdAt", "updatedAt", "firstResponseAt", "resolvedAt", "closedAt")
    SELECT gen_random_uuid(), s.source::"TicketSource", c.id, (${arr(MESSAGES)})[s.msg_k + 1], s.status::"TicketStatus",
           CASE WHEN s.status = 'OPEN' THEN NULL ELSE (${arr(INTENTS)})[s.intent_k + 1] END,
           CASE WHEN s.status = 'OPEN' THEN NULL ELSE 0.3 + 0.7 * s.r_conf END,
           (CASE s.priority WHEN 'P1' THEN 'CRITICAL' WHEN 'P2' THEN 'HIGH' WHEN 'P3' THEN 'NORMAL' ELSE 'LOW' END)::"Urgency",
           s.priority::"Priority",
           CASE WHEN s.status IN ('ESCALATED', 'IN_PROGRESS') OR (s.status IN ('RESOLVED', 'CLOSED') AND s.r_resp < 0.6)
                THEN (ARRAY['low_confidence','no_reply_available','customer_requested_human','urgent','unknown_intent','intent_requires_human'])[1 + floor(s.r_extra * 6)::int]::"EscalationReason" END,
           CASE WHEN s.status IN ('AUTO_RESOLVED', 'RESOLVED', 'CLOSED') THEN 'Here is how to sort this out: follow the steps in our guide, and reply if anything is unclear.' END,
           CASE WHEN s.status = 'AUTO_RESOLVED' THEN (ARRAY['SIMILAR_TICKET','TEMPLATE','KNOWLEDGE'])[1 + floor(s.r_resp * 3)::int]::"ResponseSource"
                WHEN s.status IN ('RESOLVED', 'CLOSED') THEN (CASE WHEN s.r_resp < 0.6 THEN 'AGENT' ELSE 'TEMPLATE' END)::"ResponseSource" END,
           CASE WHEN s.status = 'IN_PROGRESS' OR (s.status IN ('RESOLVED', 'CLOSED') AND s.r_resp < 0.6) THEN a.id END,
           CASE s.source WHEN 'SLACK' THEN 'SLACK'::"ChatPlatform" WHEN 'DISCORD' THEN 'DISCORD'::"ChatPlatform" END,
           CASE s.source WHEN 'SLACK' THEN 'T0' || (1 + floor(s.r_ws * 8)::int) WHEN 'DISCORD' THEN '90000000000' || (1 + floor(s.r_ws * 4)::int) END,
           CASE WHEN s.source <> 'API' THEN 'C' || (1 + floor(s.r_ws * 40)::int) END,
           CASE WHEN s.source <> 'API' THEN 'th-' || s.i END,
           CASE WHEN s.source <> 'API' THEN 'm-' || s.i END,
           s.created, s.created + interval '1 hour',
           CASE WHEN s.status IN ('AUTO_RESOLVED', 'RESOLVED', 'CLOSED', 'IN_PROGRESS') THEN s.created + (1 + s.r_extra * 240) * interval '1 minute' END,
           CASE WHEN s.status IN ('AUTO_RESOLVED', 'RESOLVED', 'CLOSED') THEN s.created + (2 + s.r_extra * 1440) * interval '1 minute' END,
           CASE WHEN s.status = 'CLOSED' THEN s.created + interval '3 days' END
      FROM seed s JOIN customers c ON c.k = s.cust_k JOIN agents a ON a.k = s.agent_k
     ORDER BY s.created;

  INSERT INTO "TicketEvent" ("ticketId", type, "toStatus", "actorType", data, "createdAt")
    SELECT id, 'created', 'OPEN', 'USER', '{}', "createdAt" FROM "Ticket";
  INSERT INTO "TicketEvent" ("ticketId", type, "fromStatus", "toStatus", "actorType", data, "createdAt")
    SELECT t.id, 'triaged', 'OPEN', CASE WHEN t.status = 'AUTO_RESOLVED' THEN 'AUTO_RESOLVED'::"TicketStatus" ELSE 'ESCALATED'::"TicketStatus" END,
           'SYSTEM',
           jsonb_build_object(
             'decision', CASE WHEN t.status = 'AUTO_RESOLVED' THEN 'auto_resolve' ELSE 'escalate' END,
             'reason', coalesce(t."escalationReason"::text, 'confident'),
             'intent', t.intent, 'confidence', t.confidence, 'answerConfidence', round((t.confidence * 0.9)::numeric, 3),
             'mode', 'live', 'thresholds', jsonb_build_object('autoResolve', 0.8, 'used', 0.8),
             'top', jsonb_build_array(jsonb_build_object('intent', t.intent, 'p', t.confidence)),
             'candidates', jsonb_build_array(
               jsonb_build_object('kind', 'passage', 'source', 'docs', 'intent', t.intent,
                                  'answerConfidence', round((t.confidence * 0.85)::numeric, 3),
                                  'features', jsonb_build_object('similarity', t.confidence, 'coverage', 0.7)),
               jsonb_build_object('kind', 'template', 'source', 'pack', 'intent', t.intent,
                                  'answerConfidence', round((t.confidence * 0.8)::numeric, 3),
                                  'features', jsonb_build_object('intentProbability', t.confidence))),
             'passages', jsonb_build_array(jsonb_build_object('title', 'Account and sign-in', 'link', 'https://docs.example.com/account', 'answerConfidence', 0.5)),
             'suggestedReply', 'Here is how to sort this out: follow the steps in our guide.', 'suggestedReplyConfidence', 0.6),
           t."createdAt" + interval '2 seconds'
      FROM "Ticket" t WHERE t.status <> 'OPEN';
  INSERT INTO "TicketEvent" ("ticketId", type, "fromStatus", "toStatus", "actorType", "actorId", data, "createdAt")
    SELECT t.id, CASE WHEN t.status = 'ESCALATED' THEN 'offered' ELSE 'claimed' END, 'ESCALATED',
           CASE WHEN t.status = 'ESCALATED' THEN 'ESCALATED'::"TicketStatus" ELSE 'IN_PROGRESS'::"TicketStatus" END,
           CASE WHEN t."assigneeId" IS NULL THEN 'SYSTEM'::"ActorType" ELSE 'USER'::"ActorType" END, t."assigneeId"::text, '{}',
           t."createdAt" + interval '5 minutes'
      FROM "Ticket" t WHERE t."escalationReason" IS NOT NULL;

  INSERT INTO "Message" (id, "ticketId", "authorId", direction, body, "createdAt")
    SELECT gen_random_uuid(), t.id, CASE WHEN k % 2 = 1 THEN t."requesterId" ELSE t."assigneeId" END,
           (CASE WHEN k % 2 = 1 THEN 'INBOUND' WHEN k = 4 THEN 'INTERNAL' ELSE 'OUTBOUND' END)::"MessageDirection",
           CASE WHEN k % 2 = 1 THEN 'Any news on this? It still does not work for me.' WHEN k = 4 THEN 'Checked the logs: same as last week.'
                ELSE 'Thanks for waiting, I am looking into it now.' END,
           t."createdAt" + k * interval '10 minutes'
      FROM "Ticket" t CROSS JOIN LATERAL generate_series(1, 1 + (t.number % 4)) k
     WHERE t."escalationReason" IS NOT NULL;

  INSERT INTO "ReplyCandidate" ("ticketId", rank, kind, "answerKey", "textKey", "sourceId", features, confidence, "modelVersion", sent, "createdAt")
    SELECT t.id, k - 1, (ARRAY['TEMPLATE','PASSAGE','SOLUTION'])[k]::"CandidateKind", 'template:' || coalesce(t.intent, 'other') || ':' || k,
           md5(t.id::text || k), 'source-' || k, jsonb_build_object('similarity', 0.5, 'intentProbability', coalesce(t.confidence, 0.5)),
           coalesce(t.confidence, 0.5) * (1 - k * 0.1), 'v1', t.status = 'AUTO_RESOLVED' AND k = 1, t."createdAt" + interval '2 seconds'
      FROM "Ticket" t CROSS JOIN LATERAL generate_series(1, 1 + (t.number % 3)) k
     WHERE t.number % 2 = 0 AND t.status <> 'OPEN';

  INSERT INTO "SlaTimer" (id, "ticketId", metric, seq, priority, state, breached, "targetMinutes", "startedAt", "stoppedAt", "dueAt", "nextCheckAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), t.id, m::"SlaMetric", 0, t.priority,
           CASE WHEN t.status IN ('RESOLVED', 'CLOSED') OR (m = 'FIRST_RESPONSE' AND t."firstResponseAt" IS NOT NULL) THEN 'met'
                WHEN t."createdAt" < now() - interval '1 day' THEN 'breached' ELSE 'running' END,
           t."createdAt" < now() - interval '1 day' AND t.number % 5 = 0,
           CASE m WHEN 'FIRST_RESPONSE' THEN 60 ELSE 480 END, t."createdAt",
           CASE WHEN t.status IN ('RESOLVED', 'CLOSED') THEN t."resolvedAt" WHEN m = 'FIRST_RESPONSE' THEN t."firstResponseAt" END,
           t."createdAt" + CASE m WHEN 'FIRST_RESPONSE' THEN interval '1 hour' ELSE interval '8 hours' END,
           CASE WHEN t.status IN ('ESCALATED', 'IN_PROGRESS') THEN now() + interval '1 hour' END,
           t."createdAt", t."createdAt"
      FROM "Ticket" t CROSS JOIN unnest(ARRAY['FIRST_RESPONSE', 'RESOLUTION']) m
     WHERE t."escalationReason" IS NOT NULL;
  `;
}

interface PageCase {
  page: string;
  /** The path of the i-th request. */
  path: (i: number) => string;
  requests: number;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

async function timePage(base: string, cookie: string, c: PageCase) {
  const fetchOnce = async (i: number) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${c.path(i)}`, { headers: { cookie }, redirect: 'manual' });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${c.page}: ${c.path(i)} answered ${res.status}: ${body.slice(0, 200)}`);
    return { ms, bytes: body.length };
  };
  for (let i = 0; i < WARM_UP; i++) await fetchOnce(-1 - i);
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < c.requests; i++) {
    const r = await fetchOnce(i);
    ms.push(r.ms);
    bytes += r.bytes;
  }
  ms.sort((a, b) => a - b);
  const p99 = percentile(ms, 0.99);
  return {
    page: c.page,
    example: c.path(0),
    requests: c.requests,
    meanMs: round1(ms.reduce((a, b) => a + b, 0) / ms.length),
    p50Ms: round1(percentile(ms, 0.5)),
    p99Ms: round1(p99),
    maxMs: round1(ms.at(-1)!),
    meanKb: Math.round(bytes / c.requests / 102.4) / 10,
    p99UnderTarget: p99 < TARGET_P99_MS,
  };
}

async function signIn(base: string): Promise<string> {
  const cookiesOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  const form = await fetch(`${base}/console/login`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('no CSRF token on the sign-in form');
  const res = await fetch(`${base}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
    body: new URLSearchParams({ _csrf: csrf, email: ADMIN.email, password: ADMIN.password }).toString(),
  });
  if (res.status !== 303) throw new Error(`console sign-in answered ${res.status}`);
  return cookiesOf(res);
}

export async function runConsoleBench() {
  return withThrowawayServices('console', async (env) => {
    const source = { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), PORT: '0', LOG_LEVEL: 'silent', ...env };
    const app = await startFirstline(loadConfig(source), pino({ level: 'silent' }), ['api']);
    const base = app.url!;
    try {
      await app.services.users.upsertWithPassword({
        email: ADMIN.email,
        passwordHash: await bcrypt.hash(ADMIN.password, 4),
        role: 'ADMIN',
      });
      const db = new pg.Client({ connectionString: env.DATABASE_URL });
      await db.connect();
      const seedStart = performance.now();
      let counts: Record<string, number>;
      try {
        await db.query('BEGIN');
        await db.query(seedSql(TICKETS));
        await db.query('COMMIT');
        await db.query('VACUUM ANALYZE');
        const { rows } = await db.query<Record<string, string>>(`
          SELECT (SELECT count(*) FROM "Ticket") AS tickets, (SELECT count(*) FROM "TicketEvent") AS events,
                 (SELECT count(*) FROM "Message") AS messages, (SELECT count(*) FROM "ReplyCandidate") AS candidates,
                 (SELECT count(*) FROM "SlaTimer") AS "slaTimers",
                 (SELECT count(*) FROM "Ticket" WHERE status = 'ESCALATED') AS escalated,
                 (SELECT count(*) FROM "Ticket" t JOIN "User" u ON u.id = t."assigneeId" WHERE u.role = 'ADMIN') AS "assignedToAdmin",
                 (SELECT count(*) FROM "Ticket" WHERE message ILIKE '%password%') AS "mentionPassword"`);
        counts = Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
      } finally {
        await db.end();
      }
      const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;

      const cookie = await signIn(base);
      const random = prng(18);
      const ticketNumber = () => 1 + Math.floor(random() * TICKETS);
      const cases: PageCase[] = [
        { page: 'inbox (default: all tickets, newest first)', path: () => '/console/', requests: REQUESTS },
        { page: 'inbox, status=ESCALATED', path: () => '/console/?status=ESCALATED', requests: REQUESTS },
        { page: 'inbox, priority=P1', path: () => '/console/?priority=P1', requests: REQUESTS },
        { page: 'inbox, assignee=me', path: () => '/console/?assignee=me', requests: REQUESTS },
        { page: 'inbox, q=password (ILIKE, no index)', path: () => '/console/?q=password', requests: REQUESTS },
        { page: 'inbox, next page (random cursor)', path: () => `/console/?cursor=${ticketNumber()}`, requests: REQUESTS },
        { page: 'ticket page (random ticket)', path: () => `/console/tickets/${ticketNumber()}`, requests: REQUESTS },
        {
          page: 'dashboard, window=90d (figures kept DASHBOARD_CACHE_SECONDS, 30 s)',
          path: () => '/console/dashboard?window=90d',
          requests: DASHBOARD_REQUESTS,
        },
      ];
      const rows = [];
      for (const c of cases) {
        rows.push(await timePage(base, cookie, c));
        process.stderr.write(`  ${c.page}: p99 ${rows.at(-1)!.p99Ms} ms\n`);
      }
      // What an admin waits for when the figures are read: the same dashboard from a second service on
      // the same database that keeps nothing.
      const fresh = await startFirstline(loadConfig({ ...source, DASHBOARD_CACHE_SECONDS: '0' }), pino({ level: 'silent' }), ['api']);
      try {
        rows.push(
          await timePage(fresh.url!, await signIn(fresh.url!), {
            page: 'dashboard, window=90d, read for every request (DASHBOARD_CACHE_SECONDS=0)',
            path: () => '/console/dashboard?window=90d',
            requests: DASHBOARD_REQUESTS,
          }),
        );
        process.stderr.write(`  ${rows.at(-1)!.page}: p99 ${rows.at(-1)!.p99Ms} ms\n`);
      } finally {
        await fresh.stop();
      }
      return {
        date: new Date().toISOString(),
        node: process.version,
        cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
        seeded: { ...counts, seconds: seedSeconds },
        method: `signed in as an admin through the console form; per page ${WARM_UP} warm-up requests, then the timed ones one after the other over HTTP on loopback (fetch in the same process as the service, body read)`,
        targetP99Ms: TARGET_P99_MS,
        rows,
      };
    } finally {
      await app.stop();
    }
  });
}

export function consoleTable(result: Awaited<ReturnType<typeof runConsoleBench>>): string {
  return [
    `seeded: ${Object.entries(result.seeded)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    `| page | n | mean ms | p50 ms | p99 ms | max ms | KB | p99 < ${result.targetP99Ms} ms |`,
    '|---|---|---|---|---|---|---|---|',
    ...result.rows.map(
      (r) =>
        `| ${r.page} | ${r.requests} | ${r.meanMs} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.meanKb} | ${r.p99UnderTarget ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runConsoleBench();
  mkdirSync(path.join(HERE, 'results'), { recursive: true });
  const out = path.join(HERE, 'results', 'console.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${consoleTable(result)}\n`);
  console.log(`wrote ${out}`);
}
