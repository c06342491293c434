// `npm run bench -- capacity`: how many tickets a second `firstline start` sustains, and what
// happens past that. The service runs as its own process (API and worker together, as `npm start`
// runs it), on the embedded database and on PostgreSQL; this process offers POST /tickets at fixed
// rates (open loop, evenly spaced: bench/lib/open-loop.ts) and reads, from the database afterwards,
// how long each accepted ticket waited for its decision.
// A step sustains its rate when nearly all of it is accepted (≥ 98 %), p99 stays within
// P99_BOUND_MS and the pipeline keeps up (p99 of the decision lag within DECISION_LAG_BOUND_MS).
// Past the highest such rate the guards (src/http/backlog-guard.ts, overload-guard.ts) should
// answer fast 503s rather than let latency or the backlog grow. Writes
// bench/results/capacity.json and a table.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { freePort } from '../test/helpers/net.js';
import { percentile, sleep, withThrowawayServices } from './lib/bench-env.js';
import { openLoop, type OpenLoopResult } from './lib/open-loop.js';

const RATES = (process.env.BENCH_CAPACITY_RATES ?? '25,50,75,100,150,200,400').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_CAPACITY_SECONDS ?? 10);
const P99_BOUND_MS = 250;
const DECISION_LAG_BOUND_MS = 1000;
const DRAIN_TIMEOUT_MS = 120_000;
const ADMIN = { email: 'capacity@example.com', password: 'capacity-bench-password' };
const ENTRY = fileURLToPath(new URL('../src/bin/firstline.ts', import.meta.url));

interface Step {
  storage: string;
  offeredPerSecond: number;
  acceptedPerSecond: number;
  shedPerSecond: number;
  otherErrors: number;
  p50Ms: number;
  p99Ms: number;
  acceptedP99Ms: number;
  /** Of the tickets accepted in the step: created → decided. */
  decisionLagP50Ms: number;
  decisionLagP99Ms: number;
  decided: number;
  sustained: boolean;
}

interface Service {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startService(env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'start'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() - started > 60_000) throw new Error('the service did not become healthy');
    await sleep(250);
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function logIn(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  return { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
}

/** Waits until no ticket is OPEN (the pipeline has caught up). */
async function drained(url: string, auth: Record<string, string>): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < DRAIN_TIMEOUT_MS) {
    const res = await fetch(`${url}/tickets?status=OPEN&limit=1`, { headers: auth });
    if (res.ok && ((await res.json()) as { items: unknown[] }).items.length === 0) return;
    await sleep(500);
  }
}

type Query = (text: string, params: unknown[]) => Promise<{ lag: number }[]>;

const LAG_SQL = `SELECT EXTRACT(EPOCH FROM (e."createdAt" - t."createdAt")) * 1000 AS lag
  FROM "Ticket" t JOIN "TicketEvent" e ON e."ticketId" = t.id AND e.type = 'triaged'
  WHERE t."createdAt" >= $1 AND t."createdAt" < $2`;

async function runStorage(
  storage: 'embedded' | 'postgres',
  env: Record<string, string>,
  openQuery: () => Promise<{ query: Query; close(): Promise<void> }>,
): Promise<Step[]> {
  const service = await startService(env);
  const windows: { rate: number; from: Date; to: Date; result: OpenLoopResult }[] = [];
  try {
    const auth = await logIn(service.url);
    for (const rate of RATES) {
      const from = new Date();
      const body = JSON.stringify({ message: 'I cannot log in to my account since this morning' });
      const result = await openLoop(() => fetch(`${service.url}/tickets`, { method: 'POST', headers: auth, body }), rate, STEP_SECONDS);
      const to = new Date();
      windows.push({ rate, from, to, result });
      await drained(service.url, auth);
      process.stderr.write(`${storage} ${rate}/s: ${JSON.stringify(result)}\n`);
    }
  } finally {
    await service.stop();
  }
  const db = await openQuery();
  try {
    const steps: Step[] = [];
    for (const { rate, from, to, result } of windows) {
      const lags = (await db.query(LAG_SQL, [from, to])).map((r) => Number(r.lag)).sort((a, b) => a - b);
      const acceptedCount = (result.byStatus[200] ?? 0) + (result.byStatus[202] ?? 0);
      const shedCount = result.byStatus[503] ?? 0;
      const accepted = acceptedCount / STEP_SECONDS;
      const shed = shedCount / STEP_SECONDS;
      const otherErrors = result.sent - acceptedCount - shedCount;
      steps.push({
        storage,
        offeredPerSecond: rate,
        acceptedPerSecond: Math.round(accepted * 10) / 10,
        shedPerSecond: Math.round(shed * 10) / 10,
        otherErrors,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        acceptedP99Ms: result.acceptedP99Ms,
        decisionLagP50Ms: Math.round(percentile(lags, 0.5)),
        decisionLagP99Ms: Math.round(percentile(lags, 0.99)),
        decided: lags.length,
        sustained:
          accepted >= rate * 0.98 && otherErrors === 0 && result.p99Ms <= P99_BOUND_MS && percentile(lags, 0.99) <= DECISION_LAG_BOUND_MS,
      });
    }
    return steps;
  } finally {
    await db.close();
  }
}

const STORAGES = (process.env.BENCH_CAPACITY_STORAGES ?? 'embedded,postgres').split(',');

export async function runCapacityBench(): Promise<string> {
  const steps: Step[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'firstline-capacity-'));
  if (STORAGES.includes('embedded'))
    try {
      steps.push(
        ...(await runStorage(
          'embedded',
          {
            DATA_DIR: dataDir,
            REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
            QUEUE_PREFIX: `flcap-${randomBytes(4).toString('hex')}`,
          },
          async () => {
            const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
            return { query: async (text, params) => (await db.query<{ lag: number }>(text, params)).rows, close: () => db.close() };
          },
        )),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  if (STORAGES.includes('postgres'))
    await withThrowawayServices('capacity', async (env) => {
      steps.push(
        ...(await runStorage('postgres', env, async () => {
          const client = new pg.Client({ connectionString: env.DATABASE_URL });
          await client.connect();
          return { query: async (text, params) => (await client.query<{ lag: number }>(text, params)).rows, close: () => client.end() };
        })),
      );
    });

  const outDir = new URL('./results/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  const sustained = (storage: string) =>
    Math.max(0, ...steps.filter((s) => s.storage === storage && s.sustained).map((s) => s.offeredPerSecond));
  const summary = {
    embeddedSustainedPerSecond: sustained('embedded'),
    postgresSustainedPerSecond: sustained('postgres'),
    p99BoundMs: P99_BOUND_MS,
    decisionLagBoundMs: DECISION_LAG_BOUND_MS,
  };
  const meta = { date: new Date().toISOString(), node: process.version, stepSeconds: STEP_SECONDS };
  writeFileSync(new URL('capacity.json', outDir), `${JSON.stringify({ ...meta, summary, steps }, null, 2)}\n`);
  return [
    `| storage | offered/s | accepted/s | 503/s | other errors | p50 ms | p99 ms | p99 of accepted ms | decision lag p50 / p99 ms | sustained (p99 ≤ ${P99_BOUND_MS} ms, lag p99 ≤ ${DECISION_LAG_BOUND_MS} ms) |`,
    `|---|---|---|---|---|---|---|---|---|---|`,
    ...steps.map(
      (s) =>
        `| ${s.storage} | ${s.offeredPerSecond} | ${s.acceptedPerSecond} | ${s.shedPerSecond} | ${s.otherErrors} | ${s.p50Ms} | ${s.p99Ms} | ${s.acceptedP99Ms} | ${s.decisionLagP50Ms} / ${s.decisionLagP99Ms} | ${s.sustained ? 'yes' : 'no'} |`,
    ),
    '',
    `Highest sustained rate: embedded ${summary.embeddedSustainedPerSecond}/s, PostgreSQL ${summary.postgresSustainedPerSecond}/s.`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${await runCapacityBench()}\n`);
