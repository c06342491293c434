// End-to-end pipeline benchmark: tickets enqueued → decision persisted, by one worker process on
// PostgreSQL and Redis, at WORKER_CONCURRENCY 1 and 16.
// - throughput: a burst of tickets enqueued at once, timed until the last one is decided;
// - latency: tickets enqueued at a steady rate below capacity, enqueue-to-decision per ticket
//   (the `triaged` event's time minus the ticket's creation time, both from the database clock).
// Messages mix the default pack's own phrasing with Banking77 test messages (mostly out of scope
// for the default pack), and 2,000 agent-resolved tickets sit in the similar-ticket index.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { startFirstline } from '../src/app/roles.js';
import { loadConfig } from '../src/config/config.js';
import { loadIntentPack } from '../src/intents/intent-pack.js';
import { readLabelledFile } from '../src/nlp/dataset-file.js';

const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BANKING_TEST = process.env.BENCH_BANKING_TEST ?? new URL('../../shared/datasets/banking77/test.csv', import.meta.url).pathname;
const BURST = Number(process.env.BENCH_PIPELINE_BURST ?? 3000);
const PACED_RATE = Number(process.env.BENCH_PIPELINE_RATE ?? 100);
const PACED_SECONDS = Number(process.env.BENCH_PIPELINE_SECONDS ?? 5);
const SEEDED_SOLUTIONS = 2000;
const CONCURRENCIES = (process.env.BENCH_PIPELINE_CONCURRENCY ?? '1,16').split(',').map(Number);

export interface PipelineRow {
  concurrency: number;
  burstTickets: number;
  ticketsPerSecond: number;
  /** CPU time of the worker process per ticket during the burst (the rest goes to PostgreSQL and Redis). */
  workerCpuMsPerTicket: number;
  pacedRate: number;
  p50Ms: number;
  p99Ms: number;
  autoResolved: number;
  escalated: number;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function messages(): Promise<string[]> {
  const pack = await loadIntentPack();
  const own = pack.intents.flatMap((i) => i.examples);
  const banking = (await readLabelledFile({ spec: BANKING_TEST, defaultSplits: ['test'] })).map((d) => d.text);
  const out: string[] = [];
  for (let i = 0; out.length < 4000; i++) out.push(i % 2 === 0 ? own[i % own.length]! : banking[i % banking.length]!);
  return out;
}

async function runAt(concurrency: number, databaseUrl: string, texts: string[]): Promise<PipelineRow> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `flbench-${randomBytes(4).toString('hex')}`,
    WORKER_CONCURRENCY: String(concurrency),
    LOG_LEVEL: 'silent',
  });
  const app = await startFirstline(config, pino({ level: 'silent' }), ['worker']);
  const { prisma } = app.services.db;
  try {
    const requester = await prisma.user.create({ data: { email: `bench-${randomBytes(4).toString('hex')}@example.com` } });
    /** Creates OPEN tickets (one statement) and enqueues them (one Redis pipeline), like POST /tickets does one by one. */
    const submit = async (batch: string[]): Promise<string[]> => {
      const rows = await prisma.ticket.createManyAndReturn({
        data: batch.map((message) => ({ source: 'API' as const, requesterId: requester.id, message })),
        select: { id: true },
      });
      await app.services.queue.queue.addBulk(rows.map((r) => ({ name: 'triage', data: { ticketId: r.id }, opts: { jobId: r.id } })));
      return rows.map((r) => r.id);
    };
    // The database holds only this run's tickets, so "any OPEN left" is the cheap check (polling
    // with thousands of ids would cost the worker process more than the work it measures).
    const openCount = () => prisma.ticket.count({ where: { status: 'OPEN' } });

    // Warm-up: code paths, connections, JIT.
    await submit(texts.slice(0, 200));
    while ((await openCount()) > 0) await sleep(50);

    const burst = texts.slice(0, BURST);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const burstIds = await submit(burst);
    while ((await openCount()) > 0) await sleep(50);
    const ticketsPerSecond = Math.round(burst.length / ((performance.now() - started) / 1000));
    const cpu = process.cpuUsage(cpuBefore);
    const workerCpuMsPerTicket = Math.round(((cpu.user + cpu.system) / 1000 / burst.length) * 100) / 100;

    const pacedIds: string[] = [];
    const perTick = Math.max(1, Math.round(PACED_RATE / 10));
    for (let tick = 0; tick < PACED_SECONDS * 10; tick++) {
      const tickStart = performance.now();
      pacedIds.push(...(await submit(texts.slice((tick * perTick) % 3000, ((tick * perTick) % 3000) + perTick))));
      await sleep(Math.max(0, 100 - (performance.now() - tickStart)));
    }
    while ((await openCount()) > 0) await sleep(50);
    const latencies = await prisma.$queryRaw<{ ms: number }[]>`
      SELECT EXTRACT(EPOCH FROM (e."createdAt" - t."createdAt")) * 1000 AS ms
      FROM "Ticket" t JOIN "TicketEvent" e ON e."ticketId" = t.id AND e.type = 'triaged'
      WHERE t.id = ANY(${pacedIds}::uuid[])`;
    const sorted = latencies.map((l) => Number(l.ms)).sort((a, b) => a - b);
    const outcomes = await prisma.ticket.groupBy({ by: ['status'], where: { id: { in: burstIds } }, _count: { _all: true } });
    const count = (status: string) => outcomes.find((o) => o.status === status)?._count._all ?? 0;
    return {
      concurrency,
      burstTickets: burst.length,
      ticketsPerSecond,
      workerCpuMsPerTicket,
      pacedRate: PACED_RATE,
      p50Ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
      p99Ms: Math.round(percentile(sorted, 0.99) * 10) / 10,
      autoResolved: count('AUTO_RESOLVED'),
      escalated: count('ESCALATED'),
    };
  } finally {
    await app.services.queue.queue.obliterate({ force: true }).catch(() => undefined);
    await app.services.outcomes.queue.obliterate({ force: true }).catch(() => undefined);
    await app.stop();
  }
}

/** Resolved tickets for the similar-ticket index, as agents would have left them. */
async function seedSolutions(databaseUrl: string, texts: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (id, email, "updatedAt") VALUES (gen_random_uuid(), 'seed@example.com', now()) RETURNING id`,
    );
    const requester = rows[0]!.id;
    for (let i = 0; i < SEEDED_SOLUTIONS; i += 500) {
      const batch = texts.slice(i, i + 500);
      await client.query(
        `INSERT INTO "Ticket" (id, source, "requesterId", message, status, response, "responseSource", "updatedAt", "resolvedAt")
         SELECT gen_random_uuid(), 'API', $1, m, 'RESOLVED', 'Seeded answer for: ' || m, 'AGENT', now(), now() FROM unnest($2::text[]) AS m`,
        [requester, batch.map((t, j) => `${t} (case ${i + j})`)],
      );
    }
  } finally {
    await client.end();
  }
}

export async function runPipelineBench(): Promise<{ rows: PipelineRow[] }> {
  const texts = await messages();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const rows: PipelineRow[] = [];
  try {
    for (const concurrency of CONCURRENCIES) {
      const dbName = `firstline_bench_pipeline_${process.pid}_${concurrency}`;
      await admin.query(`CREATE DATABASE ${dbName}`);
      try {
        const url = new URL(PG_ADMIN_URL);
        url.pathname = `/${dbName}`;
        // The first start migrates; seeding needs the tables.
        await startFirstline(
          loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('hex') }),
          pino({ level: 'silent' }),
          [],
        ).then((a) => a.stop());
        await seedSolutions(url.toString(), texts.slice(1000));
        rows.push(await runAt(concurrency, url.toString(), texts));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      }
    }
  } finally {
    await admin.end();
  }
  return { rows };
}

export function pipelineTable(rows: PipelineRow[]): string {
  return [
    '| WORKER_CONCURRENCY | burst tickets | tickets/s | worker CPU ms/ticket | paced rate/s | p50 ms | p99 ms | auto-resolved | escalated |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.concurrency} | ${r.burstTickets} | ${r.ticketsPerSecond} | ${r.workerCpuMsPerTicket} | ${r.pacedRate} | ${r.p50Ms} | ${r.p99Ms} | ${r.autoResolved} | ${r.escalated} |`,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runPipelineBench();
  const outDir = new URL('./results/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    new URL('pipeline.json', outDir),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, pacedSeconds: PACED_SECONDS, ...result }, null, 2)}\n`,
  );
  process.stdout.write(`${pipelineTable(result.rows)}\n`);
}
