// The burst detector's part of `npm run bench -- incidents`: what the incident grouper costs per
// triaged ticket now that every ticket passes through it. The grouper (createIncidentGrouper, as
// the worker builds it with the default settings) holds 10,000 tickets of the 6-hour baseline
// window: single banking77 + CLINC150 train messages (common questions, many of them asked again
// and again in other words) from 3,000 customers, read at its first sync as from the database.
// Then 2,000 new tickets (after 200 warm-up) arrive one every 2.16 s (6 h / 10,000, so the window
// keeps its size): 90 % other train messages, 10 % outage reports in bursts (an outage sentence
// paraphrased by 10 customers within about a minute). Timed per ticket: group() with its sync (the
// repository's later reads return nothing new), the search of every match, the counting and the
// Poisson test, and adding the ticket; attach() (the locked database step, taken only by a burst or
// an escalation matching an incident) returns at once and is counted, not timed. Reports mean and
// p50/p99/max in µs, how many outage reports were found in a burst and how many ordinary ones.
import { pino } from 'pino';
import type { IncidentRepository } from '../../src/domain/ports/incidents.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { createIncidentGrouper, type IncidentSettings } from '../../src/pipeline/incidents/incident-grouper.js';
import { percentile } from './bench-env.js';

const HOUR = 3_600_000;
export const BURST_SETTINGS: IncidentSettings = {
  burstMs: 10 * 60_000,
  baselineMs: 6 * HOUR,
  similarity: 0.6,
  minReports: 3,
  minRatio: 5,
  maxProbability: 0.001,
};
const BASELINE_TICKETS = 10_000;
const CUSTOMERS = 3_000;
const NEW_TICKETS = 2_000;
const WARM_UP = 200;
const OUTAGE_SHARE = 0.1;
const BURST_SIZE = 10;
const ARRIVAL_MS = BURST_SETTINGS.baselineMs / BASELINE_TICKETS;
const T0 = Date.parse('2026-01-05T12:00:00Z');

const us = (ms: number): number => Math.round(ms * 1000 * 10) / 10;

export async function runBurstBench(input: {
  /** Distinct train messages, shuffled. */
  messages: readonly string[];
  outages: readonly string[];
  paraphrase: (sentence: string) => string;
  random: () => number;
  gc: () => void;
}) {
  const { messages, random } = input;
  const customer = () => `customer-${Math.floor(random() * CUSTOMERS)}`;
  const baseline = messages.slice(0, BASELINE_TICKETS).map((message, i) => ({
    id: `old-${i}`,
    message,
    requesterId: customer(),
    status: 'AUTO_RESOLVED' as const,
    incidentId: null,
    createdAt: new Date(T0 - BURST_SETTINGS.baselineMs + random() * BURST_SETTINGS.baselineMs),
    updatedAt: new Date(T0 - 1),
  }));
  const fresh = messages.slice(BASELINE_TICKETS);

  let first = true;
  let attaches = 0;
  const repository: Pick<IncidentRepository, 'attach' | 'listChangedSince'> = {
    listChangedSince: async () => {
      if (!first) return [];
      first = false;
      return baseline;
    },
    attach: async () => {
      attaches++;
      return { kind: 'none' };
    },
  };
  let clock = T0;
  const grouper = createIncidentGrouper({
    incidents: repository as IncidentRepository,
    settings: BURST_SETTINGS,
    log: pino({ level: 'silent' }),
    now: () => new Date(clock),
  });

  // The arrivals: ordinary messages, with a burst of one outage now and then.
  const arrivals: { kind: 'ordinary' | 'outage'; text: string }[] = [];
  let outage = 0;
  let f = 0;
  while (arrivals.length < WARM_UP + NEW_TICKETS) {
    if (random() < OUTAGE_SHARE / BURST_SIZE) {
      const sentence = input.outages[outage++ % input.outages.length]!;
      for (let k = 0; k < BURST_SIZE; k++) arrivals.push({ kind: 'outage', text: input.paraphrase(sentence) });
    } else {
      arrivals.push({ kind: 'ordinary', text: fresh[f++ % fresh.length]! });
    }
  }

  input.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStart = performance.now();
  // The first group() reads the whole baseline window: timed apart, as a worker's start.
  await grouper.group(ticketOf('warm-0', 'hello', clock), { escalating: false, intent: null });
  const loadMs = performance.now() - loadStart;
  input.gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const samples: { kind: 'ordinary' | 'outage'; ms: number; burst: boolean }[] = [];
  for (const [i, { kind, text }] of arrivals.slice(0, WARM_UP + NEW_TICKETS).entries()) {
    // A burst's reports come about 6 s apart; other tickets at the average pace.
    clock += kind === 'outage' ? 6_000 : ARRIVAL_MS;
    const before = attaches;
    const t0 = performance.now();
    await grouper.group(ticketOf(`new-${i}`, text, clock), { escalating: false, intent: null });
    const ms = performance.now() - t0;
    if (i >= WARM_UP) samples.push({ kind, ms, burst: attaches > before });
  }

  const row = (label: string, of: typeof samples) => {
    const sorted = of.map((s) => s.ms).sort((a, b) => a - b);
    return {
      tickets: label,
      n: of.length,
      meanUs: us(sorted.reduce((a, b) => a + b, 0) / sorted.length),
      p50Us: us(percentile(sorted, 0.5)),
      p99Us: us(percentile(sorted, 0.99)),
      maxUs: us(sorted[sorted.length - 1]!),
      inBurst: of.filter((s) => s.burst).length,
    };
  };
  return {
    baselineTickets: `${BASELINE_TICKETS} single banking77 + CLINC150 train messages from ${CUSTOMERS} customers over ${BURST_SETTINGS.baselineMs / HOUR} h`,
    newTickets: `${NEW_TICKETS} (after ${WARM_UP} warm-up): other train messages one every ${Math.round(ARRIVAL_MS)} ms, and ${OUTAGE_SHARE * 100} % outage reports in bursts of ${BURST_SIZE} paraphrases 6 s apart`,
    settings: BURST_SETTINGS,
    firstSyncMs: Math.round(loadMs),
    indexHeapMb: Math.round(heapMb * 10) / 10,
    rows: [
      row('all', samples),
      row(
        'ordinary',
        samples.filter((s) => s.kind === 'ordinary'),
      ),
      row(
        'outage report',
        samples.filter((s) => s.kind === 'outage'),
      ),
    ],
  };
}

function ticketOf(id: string, message: string, at: number): Ticket {
  // The grouper reads only these fields of a ticket.
  return { id, message, createdAt: new Date(at), requesterId: `reporter-${id}` } as Ticket;
}

export function burstTable(result: Awaited<ReturnType<typeof runBurstBench>>): string {
  return [
    '| burst detector, per ticket | n | mean µs | p50 µs | p99 µs | max µs | found in a burst |',
    '|---|---|---|---|---|---|---|',
    ...result.rows.map((r) => `| ${r.tickets} | ${r.n} | ${r.meanUs} | ${r.p50Us} | ${r.p99Us} | ${r.maxUs} | ${r.inBurst} |`),
    '',
    `baseline: ${result.baselineTickets}; first sync (10,000 tickets indexed) ${result.firstSyncMs} ms; index heap ${result.indexHeapMb} MB`,
  ].join('\n');
}
