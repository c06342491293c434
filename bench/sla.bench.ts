// `node --import tsx bench/sla.bench.ts`: what SLA timers cost for 100,000 open tickets.
// (a) Computing: per ticket, timerSpans(history) + evaluateTimers (state, due steps, next check) +
//     earliestCheck, which is what every SLA check does after loading the ticket. The calendar is a
//     business one with holidays: Europe/Berlin, Monday to Friday 09:00–17:30, the German public
//     holidays of 2026–2027 plus 24 and 31 December (an hour list, as a deployer writes it); policies
//     are the defaults (P1 in calendar time, P2–P4 in business time). "Now" is Tuesday 22 December 2026,
//     15:00 in Berlin, so due instants cross the weekend and the Christmas holidays. Tickets (seeded
//     PRNG, repeatable): started 0–14 days ago, priorities P1 5 %, P2 20 %, P3 60 %, P4 15 %, 0–5
//     messages after the first (agent or customer at random), all still open; no step taken yet.
//     Two passes: the first with the calendar's day cache filling, the second warm.
// (b) Scheduling: one `checkAt(ticketId, at)` delayed BullMQ job per ticket (its earliest check; a
//     ticket whose timers are all paused, one day on) on a real Redis under a private QUEUE prefix:
//     the first 10,000 one at a time (latency per job), the other 90,000 in pages of 1,000 at once (as
//     reconcile after a restart does; throughput). Then every check scheduled again (a restart's
//     reconcile: one job per ticket and instant, so nothing is added). Redis memory: INFO memory
//     used_memory before and after (the whole server: other clients add noise) and the sum of
//     MEMORY USAGE over the prefix's keys (ours alone). The keys are deleted afterwards.
// Writes bench/results/sla.json plus a table on stdout.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { createSlaQueue } from '../src/infra/queue/sla-queue.js';
import { earliestCheck, evaluateTimers } from '../src/sla/evaluate-timers.js';
import { ZSlaConfig, type SlaPriority } from '../src/sla/policy.js';
import { DEFAULT_SLA_CONFIG_INPUT, slaSettings } from '../src/sla/sla-settings.js';
import { timerSpans, type ConversationEntry, type SlaHistory } from '../src/sla/ticket-timers.js';
import { deleteRedisKeys } from '../test/helpers/redis-keys.js';
import { percentile, REDIS_URL } from './lib/bench-env.js';
import { collector, prng } from './lib/seeded.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TICKETS = Number(process.env.BENCH_SLA_TICKETS ?? 100_000);
const ONE_BY_ONE = Math.min(TICKETS, 10_000);
const PAGE = 1_000;
const NOW = new Date('2026-12-22T14:00:00Z');
const DAY_MS = 24 * 3_600_000;
const WEEKDAYS = ['09:00-17:30'];
const HOLIDAYS = [
  ...['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03'],
  ...['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31'],
  ...['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03', '2027-12-24', '2027-12-25'],
];
const PRIORITY_SHARES: [SlaPriority, number][] = [
  ['P1', 0.05],
  ['P2', 0.2],
  ['P3', 0.6],
  ['P4', 0.15],
];

interface OpenTicket {
  id: string;
  priority: SlaPriority;
  history: SlaHistory;
}

const fine = (x: number): number => Number(x.toFixed(2));
const mean = (xs: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
};

function openTickets(random: () => number): OpenTicket[] {
  const pickPriority = (): SlaPriority => {
    let r = random();
    for (const [priority, share] of PRIORITY_SHARES) if ((r -= share) < 0) return priority;
    return 'P3';
  };
  return Array.from({ length: TICKETS }, () => {
    const startedAt = NOW.getTime() - random() * 14 * DAY_MS;
    const conversation: ConversationEntry[] = [{ at: new Date(startedAt), from: 'customer' }];
    const messages = Math.floor(random() * 6);
    for (let i = 0; i < messages; i++) {
      conversation.push({ at: new Date(startedAt + random() * (NOW.getTime() - startedAt)), from: random() < 0.5 ? 'agent' : 'customer' });
    }
    return { id: randomUUID(), priority: pickPriority(), history: { startedAt: new Date(startedAt), conversation, endedAt: null } };
  });
}

function evaluatePass(tickets: readonly OpenTicket[], settings: ReturnType<typeof slaSettings>) {
  const micros = new Float64Array(tickets.length);
  const checks: (Date | null)[] = new Array(tickets.length);
  const states = new Map<string, number>();
  let timers = 0;
  const fired = new Map<string, ReadonlySet<string>>();
  for (let i = 0; i < tickets.length; i++) {
    const ticket = tickets[i]!;
    const policy = settings.policyFor(ticket.priority, null)!;
    const calendar = settings.calendarOf(policy);
    const t0 = performance.now();
    const evaluated = evaluateTimers({ spans: timerSpans(ticket.history), policy, calendar, now: NOW, fired });
    const next = earliestCheck(evaluated);
    micros[i] = (performance.now() - t0) * 1000;
    checks[i] = next;
    timers += evaluated.length;
    for (const timer of evaluated) {
      const key = timer.view.state === 'met' && timer.view.isBreached ? 'met late' : timer.view.state;
      states.set(key, (states.get(key) ?? 0) + 1);
    }
  }
  const sorted = Float64Array.from(micros).sort();
  return {
    row: {
      meanUs: fine(mean(micros)),
      p50Us: fine(percentile(Array.from(sorted), 0.5)),
      p99Us: fine(percentile(Array.from(sorted), 0.99)),
      maxUs: fine(sorted[sorted.length - 1]!),
      totalMs: Math.round(mean(micros) * tickets.length) / 1000,
    },
    checks,
    timers,
    states: Object.fromEntries([...states.entries()].sort()),
  };
}

function usedMemory(info: string): number {
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

/** MEMORY USAGE summed over every key under the prefix, and how many keys. */
async function prefixMemory(redis: Redis, prefix: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', '0');
    for (const [err, usage] of (await pipeline.exec()) ?? []) if (!err && typeof usage === 'number') bytes += usage;
    keys += batch.length;
  } while (cursor !== '0');
  return { keys, bytes };
}

async function scheduleBench(tickets: readonly OpenTicket[], checks: readonly (Date | null)[]) {
  const prefix = `flbench-sla-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const scheduler = createSlaQueue(redis, prefix, () => NOW);
  const at = (i: number): Date => checks[i] ?? new Date(NOW.getTime() + DAY_MS);
  try {
    await scheduler.queue.waitUntilReady();
    await scheduler.queue.getJobCounts('delayed');
    const before = usedMemory(await redis.info('memory'));
    const beforeKeys = await prefixMemory(redis, prefix);

    const latencies: number[] = [];
    const oneStart = performance.now();
    for (let i = 0; i < ONE_BY_ONE; i++) {
      const t0 = performance.now();
      await scheduler.checkAt(tickets[i]!.id, at(i));
      latencies.push(performance.now() - t0);
    }
    const oneMs = performance.now() - oneStart;

    const pagedStart = performance.now();
    for (let from = ONE_BY_ONE; from < tickets.length; from += PAGE) {
      const page = tickets.slice(from, from + PAGE);
      await Promise.all(page.map((ticket, j) => scheduler.checkAt(ticket.id, at(from + j))));
    }
    const pagedMs = performance.now() - pagedStart;
    const paged = tickets.length - ONE_BY_ONE;

    const counts = await scheduler.queue.getJobCounts('delayed', 'waiting', 'prioritized');
    const after = usedMemory(await redis.info('memory'));
    const afterKeys = await prefixMemory(redis, prefix);

    // A restart's reconcile schedules every check again: the same ticket and instant is one job.
    const againStart = performance.now();
    for (let from = 0; from < tickets.length; from += PAGE) {
      const page = tickets.slice(from, from + PAGE);
      await Promise.all(page.map((ticket, j) => scheduler.checkAt(ticket.id, at(from + j))));
    }
    const againMs = performance.now() - againStart;
    const countsAgain = await scheduler.queue.getJobCounts('delayed', 'waiting', 'prioritized');

    latencies.sort((a, b) => a - b);
    return {
      prefix: `${prefix} (deleted afterwards)`,
      jobs: tickets.length,
      oneByOne: {
        jobs: ONE_BY_ONE,
        meanMs: fine(oneMs / ONE_BY_ONE),
        p50Ms: fine(percentile(latencies, 0.5)),
        p99Ms: fine(percentile(latencies, 0.99)),
        jobsPerSecond: Math.round(ONE_BY_ONE / (oneMs / 1000)),
      },
      pagesOf1000: { jobs: paged, usPerJob: fine((pagedMs * 1000) / paged), jobsPerSecond: Math.round(paged / (pagedMs / 1000)) },
      countsAfter: counts,
      rescheduleAll: {
        usPerJob: fine((againMs * 1000) / tickets.length),
        jobsPerSecond: Math.round(tickets.length / (againMs / 1000)),
        countsAfter: countsAgain,
      },
      redis: {
        usedMemoryBefore: before,
        usedMemoryAfter: after,
        usedMemoryDeltaBytes: after - before,
        bytesPerCheckServer: Math.round((after - before) / tickets.length),
        prefixKeys: afterKeys.keys - beforeKeys.keys,
        prefixBytes: afterKeys.bytes - beforeKeys.bytes,
        bytesPerCheckPrefix: Math.round((afterKeys.bytes - beforeKeys.bytes) / tickets.length),
      },
    };
  } finally {
    await scheduler.close();
    redis.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
  }
}

export async function runSlaBench() {
  const gc = collector();
  const settings = slaSettings(
    ZSlaConfig.parse({
      ...DEFAULT_SLA_CONFIG_INPUT,
      calendars: {
        default: {
          timeZone: 'Europe/Berlin',
          hours: { mon: WEEKDAYS, tue: WEEKDAYS, wed: WEEKDAYS, thu: WEEKDAYS, fri: WEEKDAYS },
          holidays: HOLIDAYS,
        },
      },
    }),
  );
  const tickets = openTickets(prng(17));
  gc();
  const first = evaluatePass(tickets, settings);
  gc();
  const warm = evaluatePass(tickets, settings);
  const scheduling = await scheduleBench(tickets, first.checks);
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    tickets: `${TICKETS} open tickets, started 0–14 days before ${NOW.toISOString()}, P1/P2/P3/P4 5/20/60/15 %, 0–5 messages after the first`,
    calendar: `Europe/Berlin, Mon–Fri 09:00–17:30, ${HOLIDAYS.length} holidays; default policies (P1 calendar time, P2–P4 business time)`,
    step: 'timerSpans(history) + evaluateTimers({ spans, policy, calendar, now, fired: none }) + earliestCheck',
    timers: first.timers,
    states: first.states,
    withACheck: first.checks.filter(Boolean).length,
    evaluate: { firstPass: first.row, warm: warm.row },
    scheduling,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}

export function slaTable(result: Awaited<ReturnType<typeof runSlaBench>>): string {
  const s = result.scheduling;
  const r = s.redis;
  return [
    `${result.tickets}; ${result.timers} timers (${Object.entries(result.states)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ')}); ${result.withACheck} tickets with a next check`,
    '',
    '| evaluating timers per ticket | mean µs | p50 µs | p99 µs | max µs | all tickets ms |',
    '|---|---|---|---|---|---|',
    ...(['firstPass', 'warm'] as const).map((pass) => {
      const row = result.evaluate[pass];
      return `| ${pass === 'firstPass' ? 'first pass (calendar cache filling)' : 'warm'} | ${row.meanUs} | ${row.p50Us} | ${row.p99Us} | ${row.maxUs} | ${row.totalMs} |`;
    }),
    '',
    '| scheduling checkAt (delayed jobs) | jobs | per job | jobs/s |',
    '|---|---|---|---|',
    `| one at a time | ${s.oneByOne.jobs} | mean ${s.oneByOne.meanMs} ms, p50 ${s.oneByOne.p50Ms} ms, p99 ${s.oneByOne.p99Ms} ms | ${s.oneByOne.jobsPerSecond} |`,
    `| pages of 1,000 at once | ${s.pagesOf1000.jobs} | ${s.pagesOf1000.usPerJob} µs | ${s.pagesOf1000.jobsPerSecond} |`,
    `| all again (restart reconcile, no new job) | ${s.jobs} | ${s.rescheduleAll.usPerJob} µs | ${s.rescheduleAll.jobsPerSecond} |`,
    '',
    `delayed jobs after scheduling: ${s.countsAfter.delayed} (waiting ${s.countsAfter.waiting}); after scheduling all again: ${s.rescheduleAll.countsAfter.delayed}`,
    `Redis: used_memory +${(r.usedMemoryDeltaBytes / 2 ** 20).toFixed(1)} MiB (${r.bytesPerCheckServer} B per check, whole server); ` +
      `prefix keys +${r.prefixKeys}, MEMORY USAGE +${(r.prefixBytes / 2 ** 20).toFixed(1)} MiB (${r.bytesPerCheckPrefix} B per check)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSlaBench();
  mkdirSync(path.join(HERE, 'results'), { recursive: true });
  const out = path.join(HERE, 'results', 'sla.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${slaTable(result)}\n`);
  console.log(`wrote ${out}`);
}
