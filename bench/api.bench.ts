// `npm run bench`: what each API step costs, on PostgreSQL and on the embedded database.
// Starts the real service in-process (api + worker, as `npm start` does), drives it over HTTP with
// autocannon from a worker thread (its own event loop, on the same machine), and writes
// bench/results/api.json plus a table on stdout. The load generator shares the machine's cores
// with the service and its database; compare runs on the same machine only, which is
// why each step is also given as a share of GET /health's rate in the same run. On PostgreSQL,
// POST /tickets is also measured with the API alone (the worker in another process, as a scaled
// deployment runs it): with the worker in the process, every ticket accepted is also triaged on
// the same event loop while the load runs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startFirstline } from '../src/app/roles.js';
import { loadConfig } from '../src/config/config.js';

const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Worker threads autocannon fires requests from (never the service's own event loop). */
const LOAD_WORKERS = Number(process.env.BENCH_LOAD_WORKERS ?? 1);

type Role = 'api' | 'worker';

interface Row {
  storage: string;
  step: string;
  /** This step's rate as a share of GET /health's in the same run. */
  ofHealth?: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function load(url: string, opts: Partial<autocannon.Options>): Promise<Omit<Row, 'storage' | 'step'>> {
  // The load generator runs in a worker thread of its own: on the service's event loop, its HTTP
  // client's parsing and bookkeeping took about as much of the loop as the service did.
  const result = await autocannon({ url, duration: DURATION_S, connections: CONNECTIONS, workers: LOAD_WORKERS, ...opts });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function benchStorage(
  storage: 'postgres' | 'embedded',
  env: Record<string, string>,
  roles: Role[] = ['api', 'worker'],
): Promise<Row[]> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PORT: '0',
    QUEUE_PREFIX: `flbench-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    LOGIN_MAX_FAILURES_PER_IP: '10000',
    // Costs, not admission: the pipeline backlog bound would refuse tickets the worker has not caught
    // up with (the capacity bench measures that).
    TRIAGE_BACKLOG_MAX: '0',
    ...env,
  });
  const app = await startFirstline(config, pino({ level: 'silent' }), roles);
  const base = app.url!;
  const rows: Row[] = [];
  try {
    const password = 'bench-password-1';
    await app.services.users.upsertWithPassword({
      email: 'bench@example.com',
      passwordHash: await bcrypt.hash(password, config.auth.bcryptRounds),
      role: 'USER',
    });
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };

    const createTicket: Partial<autocannon.Options> = {
      url: `${base}/tickets`,
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ message: 'I cannot log in to my account since this morning' }),
    };
    const health: [string, Partial<autocannon.Options>] = ['GET /health (database + Redis ping)', { url: `${base}/health` }];
    const steps: [string, Partial<autocannon.Options>][] = roles.includes('worker')
      ? [
          health,
          ['GET /auth/me (JWT verify + user by id)', { url: `${base}/auth/me`, headers: auth }],
          ['POST /tickets (ticket + event in one statement; enqueue batched, not awaited; worker triages each)', createTicket],
          ['GET /tickets?limit=20 (indexed page)', { url: `${base}/tickets?limit=20`, headers: auth }],
          [
            `POST /auth/login (bcrypt cost ${config.auth.bcryptRounds})`,
            {
              url: `${base}/auth/login`,
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: 'bench@example.com', password }),
              connections: 2,
            },
          ],
        ]
      : [health, ['POST /tickets, API process only (worker elsewhere)', createTicket]];
    // A warm-up, so the first step measured (health, the ratios' base) does not pay for JIT compiling.
    await load(base, { ...health[1], duration: 2 });
    let healthRate = 0;
    for (const [step, opts] of steps) {
      const row = await load(base, opts);
      if (opts === health[1]) healthRate = row.requestsPerSecond;
      rows.push({
        storage,
        step,
        ofHealth: healthRate > 0 ? Math.round((row.requestsPerSecond / healthRate) * 100) / 100 : undefined,
        ...row,
      });
    }
  } finally {
    await app.stop();
  }
  return rows;
}

export async function runApiBench(): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const dbName = `firstline_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'firstline-bench-'));
  const rows: Row[] = [];
  try {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    rows.push(...(await benchStorage('postgres', { DATABASE_URL: url.toString() })));
    rows.push(...(await benchStorage('postgres', { DATABASE_URL: url.toString() }, ['api'])));
    rows.push(...(await benchStorage('embedded', { DATA_DIR: dataDir })));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const outDir = new URL('./results/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  const meta = { date: new Date().toISOString(), node: process.version, durationSeconds: DURATION_S, connections: CONNECTIONS };
  writeFileSync(new URL('api.json', outDir), `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  const lines = [
    `| storage | step | req/s | of /health | p50 ms | p99 ms | errors |`,
    `|---|---|---|---|---|---|---|`,
    ...rows.map(
      (r) => `| ${r.storage} | ${r.step} | ${r.requestsPerSecond} | ${r.ofHealth ?? ''} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`,
    ),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${await runApiBench()}\n`);
