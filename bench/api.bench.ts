// `npm run bench`: what each API step costs, on PostgreSQL and on the embedded database.
// Starts the real service in-process (api + worker), drives it over HTTP with autocannon from the
// same 2-core machine, and writes bench/results/api.json plus a table on stdout.
// Figures include the load generator's own CPU; compare runs on the same machine only.
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

interface Row {
  storage: string;
  step: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function load(url: string, opts: Partial<autocannon.Options>): Promise<Omit<Row, 'storage' | 'step'>> {
  const result = await autocannon({ url, duration: DURATION_S, connections: CONNECTIONS, ...opts });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function benchStorage(storage: 'postgres' | 'embedded', env: Record<string, string>): Promise<Row[]> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PORT: '0',
    QUEUE_PREFIX: `flbench-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    LOGIN_MAX_FAILURES_PER_IP: '10000',
    ...env,
  });
  const app = await startFirstline(config, pino({ level: 'silent' }), ['api', 'worker']);
  const base = app.url!;
  const rows: Row[] = [];
  try {
    const password = 'bench-password-1';
    await app.services.users.upsertWithPassword({ email: 'bench@example.com', passwordHash: await bcrypt.hash(password, config.auth.bcryptRounds), role: 'USER' });
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password }) });
    const { access_token } = (await login.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };

    const steps: [string, Partial<autocannon.Options>][] = [
      ['GET /health (database + Redis ping)', { url: `${base}/health` }],
      ['GET /auth/me (JWT verify + user by id)', { url: `${base}/auth/me`, headers: auth }],
      ['POST /tickets (insert + audit event + enqueue)', { url: `${base}/tickets`, method: 'POST', headers: auth, body: JSON.stringify({ message: 'I cannot log in to my account since this morning' }) }],
      ['GET /tickets?limit=20 (indexed page)', { url: `${base}/tickets?limit=20`, headers: auth }],
      [`POST /auth/login (bcrypt cost ${config.auth.bcryptRounds})`, { url: `${base}/auth/login`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password }), connections: 2 }],
    ];
    for (const [step, opts] of steps) {
      rows.push({ storage, step, ...(await load(base, opts)) });
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
    `| storage | step | req/s | p50 ms | p99 ms | errors |`,
    `|---|---|---|---|---|---|`,
    ...rows.map((r) => `| ${r.storage} | ${r.step} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${await runApiBench()}\n`);
