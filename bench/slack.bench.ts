// What the Slack adapter costs end to end: the real service (API + worker on PostgreSQL and Redis)
// with the real Bolt app in HTTP mode, driven by signed requests to POST /slack/events from the same
// machine, posting to the local fake Slack Web API (test/fakes/fake-slack.ts).
// - /support ack: request sent until the ephemeral ack came back (ticket stored and queued), one at
//   a time and 10 in flight;
// - end to end: /support sent (or a DM event sent) until the fake Slack received the answer in the
//   ticket's thread, tickets paced at a steady rate below capacity.
// Figures include the load generator's and the fake Slack's own CPU; compare runs on the same machine only.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startFirstline, type RunningFirstline } from '../src/app/roles.js';
import { loadConfig } from '../src/config/config.js';
import { percentile, round, sleep, withThrowawayServices } from './lib/bench-env.js';
import { AGENTS_CHANNEL, FakeSlack, SIGNING_SECRET, SlackRequests } from '../test/fakes/fake-slack.js';

const ACK_REQUESTS = Number(process.env.BENCH_SLACK_ACKS ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_SLACK_IN_FLIGHT ?? 10);
const E2E_TICKETS = Number(process.env.BENCH_SLACK_TICKETS ?? 100);
const E2E_RATE = Number(process.env.BENCH_SLACK_RATE ?? 20);
/** Fewer leaves the JIT visibly cold: the first few hundred /support acks are up to twice as slow. */
const WARM_UP = Number(process.env.BENCH_SLACK_WARM_UP ?? 200);
const DRAIN_TIMEOUT_MS = 60_000;
/** Auto-resolved by the default intent pack: the answer is the bot's, in the thread. */
const AUTO = 'I forgot my password and cannot log in';

interface Row {
  step: string;
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests (or tickets) per second, where the step measures a rate. */
  perSecond?: number;
  errors: number;
}

function row(step: string, samples: number[], errors: number, perSecond?: number): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    step,
    n: samples.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    ...(perSecond === undefined ? {} : { perSecond: Math.round(perSecond) }),
    errors,
  };
}

/**
 * Reads the fake's call log as it grows: the first top-level post per channel (the "Ticket #N"
 * header) and the first post per thread (the answer), with the time the fake received each.
 */
class Posts {
  private seen = 0;
  readonly headers = new Map<string, { ts: string; at: number }>();
  readonly answers = new Map<string, { at: number; text: string }>();

  constructor(private readonly fake: FakeSlack) {}

  private scan(): void {
    const { calls } = this.fake;
    for (; this.seen < calls.length; this.seen++) {
      const call = calls[this.seen]!;
      if (call.method !== 'chat.postMessage' || call.status !== 200 || call.response?.ok !== true) continue;
      const channel = String(call.body.channel);
      if (channel === AGENTS_CHANNEL) continue;
      const threadTs = call.body.thread_ts === undefined ? undefined : String(call.body.thread_ts);
      if (threadTs === undefined) {
        if (!this.headers.has(channel)) this.headers.set(channel, { ts: String(call.response.ts), at: call.at });
      } else {
        const key = `${channel}/${threadTs}`;
        if (!this.answers.has(key)) this.answers.set(key, { at: call.at, text: String(call.body.text) });
      }
    }
  }

  header(channel: string) {
    this.scan();
    return this.headers.get(channel);
  }

  /** The answer in `channel`, in the thread of `threadTs` (a DM) or of the channel's header post. */
  answer(channel: string, threadTs?: string) {
    this.scan();
    const thread = threadTs ?? this.headers.get(channel)?.ts;
    return thread === undefined ? undefined : this.answers.get(`${channel}/${thread}`);
  }

  /** Waits until every (channel, thread) pair has its answer. */
  async drain(expected: { channel: string; threadTs?: string }[], what: string): Promise<void> {
    const started = Date.now();
    for (;;) {
      const missing = expected.filter((e) => !this.answer(e.channel, e.threadTs)).length;
      if (missing === 0) return;
      if (Date.now() - started > DRAIN_TIMEOUT_MS)
        throw new Error(`${what}: ${missing} of ${expected.length} tickets got no answer within ${DRAIN_TIMEOUT_MS} ms`);
      await sleep(25);
    }
  }
}

async function measure(app: RunningFirstline, fake: FakeSlack): Promise<Row[]> {
  const slack = new SlackRequests(app.url!, fake);
  const posts = new Posts(fake);
  const rows: Row[] = [];
  const runId = randomBytes(2).toString('hex').toUpperCase();
  /** A /support from a new customer in a channel of its own, so its header and answer are its own. */
  const support = (phase: string, i: number) => {
    const channel = `C0${phase}${runId}X${i}`;
    return { channel, request: slack.command('/support', AUTO, `U0${phase}${runId}X${i}`, channel) };
  };
  const ok = (res: { status: number; body: string }) => res.status === 200 && res.body.includes('opened');

  /** Sends the requests with `inFlight` at a time; their latencies, and the wall time in ms. */
  const sendAll = async (
    requests: { request: { send: () => Promise<{ status: number; body: string; ms: number }> } }[],
    inFlight: number,
  ) => {
    const ms: number[] = [];
    let errors = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < requests.length) {
          const res = await requests[next++]!.request.send();
          ms.push(res.ms);
          if (!ok(res)) errors += 1;
        }
      }),
    );
    return { ms, errors, wallMs: performance.now() - started };
  };

  // Warm-up: code paths, connections, JIT, the first user and ticket of each kind.
  const warm = Array.from({ length: WARM_UP }, (_, i) => support('W', i));
  await sendAll(warm, IN_FLIGHT);
  await posts.drain(warm, 'warm-up');

  // 1. Ack latency, one request at a time (each overlaps the previous ticket's triage and posts).
  const sequential = Array.from({ length: ACK_REQUESTS }, (_, i) => support('S', i));
  const seq = await sendAll(sequential, 1);
  rows.push(row('/support ack, sequential', seq.ms, seq.errors, ACK_REQUESTS / (seq.wallMs / 1000)));
  await posts.drain(sequential, 'sequential acks');

  // 2. Ack latency with IN_FLIGHT requests at a time.
  const concurrent = Array.from({ length: ACK_REQUESTS }, (_, i) => support('P', i));
  const con = await sendAll(concurrent, IN_FLIGHT);
  rows.push(row(`/support ack, ${IN_FLIGHT} in flight`, con.ms, con.errors, ACK_REQUESTS / (con.wallMs / 1000)));
  await posts.drain(concurrent, 'concurrent acks');

  // 3a. /support end to end, paced.
  const interval = 1000 / E2E_RATE;
  const paced = Array.from({ length: E2E_TICKETS }, (_, i) => support('E', i));
  const pacedSent: number[] = [];
  const pacedAcks: Promise<{ status: number; body: string; ms: number }>[] = [];
  const pacedStarted = performance.now();
  for (const [i, p] of paced.entries()) {
    await sleep(Math.max(0, pacedStarted + i * interval - performance.now()));
    pacedSent[i] = Date.now();
    pacedAcks.push(p.request.send());
  }
  const pacedResults = await Promise.all(pacedAcks);
  await posts.drain(paced, '/support end to end');
  const pacedErrors = pacedResults.filter((r) => !ok(r)).length;
  rows.push(
    row(
      `/support ack, paced ${E2E_RATE}/s`,
      pacedResults.map((r) => r.ms),
      pacedErrors,
    ),
  );
  rows.push(
    row(
      `/support → "Ticket #N" header posted`,
      paced.map((p, i) => posts.header(p.channel)!.at - pacedSent[i]!),
      pacedErrors,
    ),
  );
  const pacedAnswers = paced.map((p) => posts.answer(p.channel)!);
  const pacedNotAuto = pacedAnswers.filter((a) => a.text.includes('person will follow up')).length;
  rows.push(
    row(
      `/support → answer in thread (paced ${E2E_RATE}/s)`,
      pacedAnswers.map((a, i) => a.at - pacedSent[i]!),
      pacedErrors + pacedNotAuto,
    ),
  );
  // The answer waits for its thread: a reply queued before the header post is made is put back for a while.
  rows.push(
    row(
      `/support header posted → answer posted`,
      pacedAnswers.map((a, i) => a.at - posts.header(paced[i]!.channel)!.at),
      pacedErrors + pacedNotAuto,
    ),
  );

  // 3b. A DM end to end, paced: the answer goes to the thread of the customer's own message.
  const dms = Array.from({ length: E2E_TICKETS }, (_, i) => ({
    channel: `D0${runId}X${i}`,
    threadTs: `${1_800_000_000 + i}.${String(i).padStart(6, '0')}`,
    user: `U0D${runId}X${i}`,
  }));
  const dmSent: number[] = [];
  const dmAcks: Promise<{ status: number; body: string; ms: number }>[] = [];
  const dmStarted = performance.now();
  for (const [i, dm] of dms.entries()) {
    await sleep(Math.max(0, dmStarted + i * interval - performance.now()));
    dmSent[i] = Date.now();
    dmAcks.push(
      slack.event({
        type: 'message',
        channel_type: 'im',
        channel: dm.channel,
        user: dm.user,
        text: AUTO,
        ts: dm.threadTs,
        event_ts: dm.threadTs,
      }),
    );
  }
  const dmResults = await Promise.all(dmAcks);
  await posts.drain(dms, 'DM end to end');
  const dmErrors = dmResults.filter((r) => r.status !== 200).length;
  rows.push(
    row(
      `DM event ack, paced ${E2E_RATE}/s`,
      dmResults.map((r) => r.ms),
      dmErrors,
    ),
  );
  const dmAnswers = dms.map((dm) => posts.answer(dm.channel, dm.threadTs)!);
  const dmNotAuto = dmAnswers.filter((a) => a.text.includes('person will follow up')).length;
  rows.push(
    row(
      `DM → answer in thread (paced ${E2E_RATE}/s)`,
      dmAnswers.map((a, i) => a.at - dmSent[i]!),
      dmErrors + dmNotAuto,
    ),
  );
  return rows;
}

export async function runSlackBench(): Promise<{ rows: Row[] }> {
  return withThrowawayServices('slack', async (services) => {
    const fake = await new FakeSlack().start();
    let app: RunningFirstline | undefined;
    try {
      const config = loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(32).toString('hex'),
        ...services,
        PORT: '0',
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-bench-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_AGENTS_CHANNEL: AGENTS_CHANNEL,
        SLACK_API_URL: fake.apiUrl,
      });
      app = await startFirstline(config, pino({ level: 'silent' }), ['api', 'worker']);
      return { rows: await measure(app, fake) };
    } finally {
      await app?.stop();
      await fake.stop();
    }
  });
}

export function slackTable(rows: Row[]): string {
  return [
    '| step | n | p50 ms | p99 ms | max ms | per second | errors |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.step} | ${r.n} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.perSecond ?? ''} | ${r.errors} |`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runSlackBench();
  const outDir = new URL('./results/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    message: AUTO,
    warmUpRequests: WARM_UP,
    ackRequests: ACK_REQUESTS,
    inFlight: IN_FLIGHT,
    endToEndTickets: E2E_TICKETS,
    endToEndRatePerSecond: E2E_RATE,
  };
  writeFileSync(new URL('slack.json', outDir), `${JSON.stringify({ ...meta, ...result }, null, 2)}\n`);
  process.stdout.write(`${slackTable(result.rows)}\n`);
}
