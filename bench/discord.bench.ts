// What the Discord adapter costs end to end: the real service (API + worker on PostgreSQL and Redis)
// with a real discord.js client on the local fake Discord (test/fakes/fake-discord.ts: REST and a
// gateway on the same port), driven by INTERACTION_CREATE and MESSAGE_CREATE dispatched over that
// gateway from the same machine. Tickets are paced at a steady rate below capacity.
// - /support deferred: command dispatched until the fake received the deferred callback;
// - /support end to end: command dispatched until the fake received the answer in the ticket's
//   thread (started from the visible "Ticket #N" reply, the edit of the deferred response);
// - DM end to end: message dispatched until the fake received the answer in the DM.
// Times are the fake's clock on both ends (dispatch and receipt), in whole milliseconds. Figures
// include the load generator's and the fake Discord's own CPU; compare runs on the same machine only.
// Nothing Firstline logs is printed, but warnings and errors are counted per phase: the fake sends no
// rate-limit headers, yet discord.js caps each REST client at 50 requests/s on its own, and a post
// over that cap is put back by the delivery queue (a burst right after a cold start can reach it).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startFirstline, type RunningFirstline } from '../src/app/roles.js';
import { loadConfig } from '../src/config/config.js';
import { percentile, round, sleep, withThrowawayServices } from './lib/bench-env.js';
import { AGENTS_CHANNEL_ID, APP_ID, FakeDiscord, SUPPORT_CHANNEL, user, type FakeUser } from '../test/fakes/fake-discord.js';

const E2E_TICKETS = Number(process.env.BENCH_DISCORD_TICKETS ?? 100);
const E2E_RATE = Number(process.env.BENCH_DISCORD_RATE ?? 20);
/** Tickets of each kind (/support, then DMs) sent at E2E_RATE before measuring, to warm code paths and the JIT. */
const WARM_UP = Number(process.env.BENCH_DISCORD_WARM_UP ?? 200);
const DRAIN_TIMEOUT_MS = 60_000;
/** Auto-resolved by the default intent pack: the answer is the bot's, in the thread (or the DM). */
const AUTO = 'I forgot my password and cannot log in';
/** What the answer says when the ticket was escalated instead. */
const ESCALATED = 'person will follow up';
/** The deferred, visible response to an interaction (DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE). */
const DEFERRED = 5;

interface Row {
  step: string;
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

/** What the delivery worker logs when the platform (here discord.js's own 50 requests/s cap) refuses a post for now. */
const PUT_BACK = 'rate limited; delivery put back';

/**
 * Firstline's warnings and errors, kept and never printed: the output stays the table, and the run
 * still tells how many deliveries were put back on a rate limit and how many errors were logged.
 */
class Warnings {
  readonly seen: { at: number; level: number; msg: string }[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        const { level, msg } = JSON.parse(line) as { level: number; msg?: string };
        this.seen.push({ at: Date.now(), level, msg: msg ?? '' });
      }
      done();
    },
  });

  /** Rate-limit put-backs and logged errors (pino level 50 and up) at or after `from` and before `to`. */
  count(from: number, to = Infinity) {
    const within = this.seen.filter((w) => w.at >= from && w.at < to);
    return {
      rateLimitedPutBacks: within.filter((w) => w.msg === PUT_BACK).length,
      loggedErrors: within.filter((w) => w.level >= 50).length,
    };
  }
}

type PhaseCounts = ReturnType<Warnings['count']>;

function row(step: string, samples: number[], errors: number): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    step,
    n: samples.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    errors,
  };
}

interface Seen {
  at: number;
  content: string;
}

/**
 * Reads the fake's call log as it grows: each interaction's callback, the first edit of each
 * interaction's original response (the visible reply), each thread started from a message, and the
 * first message posted to each channel or thread, with the time the fake received each.
 */
class Calls {
  private seen = 0;
  private readonly callbacks = new Map<string, { at: number; type: unknown }>();
  private readonly edits = new Map<string, { at: number; replyId: string }>();
  private readonly threads = new Map<string, number>();
  private readonly posts = new Map<string, Seen>();

  constructor(private readonly fake: FakeDiscord) {}

  private scan(): void {
    const { calls } = this.fake;
    for (; this.seen < calls.length; this.seen++) {
      const call = calls[this.seen]!;
      if (call.status === undefined || call.status >= 300) continue;
      let m: RegExpExecArray | null;
      if (call.method === 'POST' && (m = /^\/api\/v10\/interactions\/(\d+)\/[^/]+\/callback$/.exec(call.path))) {
        if (!this.callbacks.has(m[1]!)) this.callbacks.set(m[1]!, { at: call.at, type: call.body?.type });
      } else if (call.method === 'PATCH' && (m = new RegExp(`^/api/v10/webhooks/${APP_ID}/([^/]+)/messages/@original$`).exec(call.path))) {
        if (!this.edits.has(m[1]!)) this.edits.set(m[1]!, { at: call.at, replyId: String(call.response?.id) });
      } else if (
        call.method === 'POST' &&
        (m = new RegExp(`^/api/v10/channels/${SUPPORT_CHANNEL}/messages/(\\d+)/threads$`).exec(call.path))
      ) {
        if (!this.threads.has(m[1]!)) this.threads.set(m[1]!, call.at);
      } else if (call.method === 'POST' && (m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(call.path))) {
        if (m[1] !== AGENTS_CHANNEL_ID && !this.posts.has(m[1]!))
          this.posts.set(m[1]!, { at: call.at, content: String(call.body?.content ?? '') });
      }
    }
  }

  callback(interactionId: string) {
    this.scan();
    return this.callbacks.get(interactionId);
  }

  reply(token: string) {
    this.scan();
    return this.edits.get(token);
  }

  thread(replyId: string) {
    this.scan();
    return this.threads.get(replyId);
  }

  /** The first message posted to the channel or thread. */
  post(channelId: string) {
    this.scan();
    return this.posts.get(channelId);
  }

  /** The answer to a /support: the first post in the thread of its visible reply. */
  answerTo(token: string) {
    const reply = this.reply(token);
    return reply && this.post(reply.replyId);
  }

  async drain(isDone: () => boolean[], what: string): Promise<void> {
    const started = Date.now();
    for (;;) {
      const done = isDone();
      const missing = done.filter((d) => !d).length;
      if (missing === 0) return;
      if (Date.now() - started > DRAIN_TIMEOUT_MS)
        throw new Error(`${what}: ${missing} of ${done.length} tickets got no answer within ${DRAIN_TIMEOUT_MS} ms`);
      await sleep(25);
    }
  }
}

async function paced<T>(count: number, rate: number, send: (i: number) => T): Promise<{ sent: number[]; items: T[] }> {
  const interval = 1000 / rate;
  const sent: number[] = [];
  const items: T[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await sleep(Math.max(0, started + i * interval - performance.now()));
    sent[i] = Date.now();
    items[i] = send(i);
  }
  return { sent, items };
}

async function measure(
  fake: FakeDiscord,
  warnings: Warnings,
): Promise<{ rows: Row[]; phases: Record<'warmUp' | 'support' | 'dm', PhaseCounts> }> {
  const calls = new Calls(fake);
  const rows: Row[] = [];
  // Every ticket from a customer of its own (18-digit snowflakes), so none is a follow-up of another.
  let customers = 0;
  const newCustomer = (): FakeUser => {
    customers += 1;
    return user(String(810_000_000_000_000_000n + BigInt(customers)), `cust${customers}`);
  };
  const support = (count: number) =>
    paced(count, E2E_RATE, () => fake.command('support', [{ name: 'message', type: 3, value: AUTO }], newCustomer()));
  const dm = (count: number) =>
    paced(count, E2E_RATE, () => {
      const channelId = fake.nextId();
      fake.message(newCustomer(), AUTO, channelId, true);
      return channelId;
    });

  // Warm-up: code paths, connections, JIT, the first user and ticket of each kind. Paced, one kind at
  // a time, like the measured runs: a burst would run into discord.js's own 50 requests/s limit.
  const warmStarted = Date.now();
  const warmSupport = await support(WARM_UP);
  await calls.drain(() => warmSupport.items.map((c) => calls.answerTo(c.token) !== undefined), 'warm-up /support');
  const warmDms = await dm(WARM_UP);
  await calls.drain(() => warmDms.items.map((channelId) => calls.post(channelId) !== undefined), 'warm-up DMs');

  // 1 and 2. /support, paced: deferred callback, visible reply, thread, answer.
  const cmdStarted = Date.now();
  const cmd = await support(E2E_TICKETS);
  await calls.drain(() => cmd.items.map((c) => calls.answerTo(c.token) !== undefined), '/support end to end');
  const callbacks = cmd.items.map((c) => calls.callback(c.id)!);
  const notDeferred = callbacks.filter((c) => c.type !== DEFERRED).length;
  rows.push(
    row(
      `/support → deferred callback (paced ${E2E_RATE}/s)`,
      callbacks.map((c, i) => c.at - cmd.sent[i]!),
      notDeferred,
    ),
  );
  const replies = cmd.items.map((c) => calls.reply(c.token)!);
  rows.push(
    row(
      `/support → "Ticket #N" reply (edit of @original)`,
      replies.map((r, i) => r.at - cmd.sent[i]!),
      0,
    ),
  );
  rows.push(
    row(
      `/support → thread created from the reply`,
      replies.map((r, i) => calls.thread(r.replyId)! - cmd.sent[i]!),
      replies.filter((r) => calls.thread(r.replyId) === undefined).length,
    ),
  );
  const answers = cmd.items.map((c) => calls.answerTo(c.token)!);
  const notAuto = answers.filter((a) => a.content.includes(ESCALATED)).length;
  rows.push(
    row(
      `/support → answer in thread (paced ${E2E_RATE}/s)`,
      answers.map((a, i) => a.at - cmd.sent[i]!),
      notDeferred + notAuto,
    ),
  );

  // 3. A DM end to end, paced: the answer goes to the DM itself.
  const dmStarted = Date.now();
  const dms = await dm(E2E_TICKETS);
  await calls.drain(() => dms.items.map((channelId) => calls.post(channelId) !== undefined), 'DM end to end');
  const dmAnswers = dms.items.map((channelId) => calls.post(channelId)!);
  const dmNotAuto = dmAnswers.filter((a) => a.content.includes(ESCALATED)).length;
  rows.push(
    row(
      `DM → answer in DM (paced ${E2E_RATE}/s)`,
      dmAnswers.map((a, i) => a.at - dms.sent[i]!),
      dmNotAuto,
    ),
  );
  return {
    rows,
    phases: {
      warmUp: warnings.count(warmStarted, cmdStarted),
      support: warnings.count(cmdStarted, dmStarted),
      dm: warnings.count(dmStarted),
    },
  };
}

export async function runDiscordBench(): Promise<{ rows: Row[]; phases: Record<string, PhaseCounts> }> {
  return withThrowawayServices('discord', async (services) => {
    // start() serves the gateway; the handshake (IDENTIFY → READY + GUILD_CREATE) completes when
    // Firstline's discord.js client connects, and startFirstline waits for it.
    const fake = await new FakeDiscord().start();
    let app: RunningFirstline | undefined;
    try {
      const config = loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(32).toString('hex'),
        ...services,
        PORT: '0',
        LOG_LEVEL: 'silent',
        DISCORD_TOKEN: 'fake.discord.token',
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_AGENTS_CHANNEL_ID: AGENTS_CHANNEL_ID,
        DISCORD_API_URL: fake.apiUrl,
      });
      const warnings = new Warnings();
      app = await startFirstline(config, pino({ level: 'warn' }, warnings.stream), ['api', 'worker']);
      if (!fake.identified) throw new Error('Firstline started without identifying on the fake Discord gateway');
      return await measure(fake, warnings);
    } finally {
      await app?.stop();
      await fake.stop();
    }
  });
}

export function discordTable(rows: Row[]): string {
  return [
    '| step | n | p50 ms | p99 ms | max ms | errors |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.step} | ${r.n} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.errors} |`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runDiscordBench();
  const outDir = new URL('./results/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    message: AUTO,
    warmUpTicketsPerKind: WARM_UP,
    endToEndTickets: E2E_TICKETS,
    endToEndRatePerSecond: E2E_RATE,
  };
  writeFileSync(new URL('discord.json', outDir), `${JSON.stringify({ ...meta, ...result }, null, 2)}\n`);
  process.stdout.write(`${discordTable(result.rows)}\n`);
  const counts = Object.entries(result.phases).map(([phase, c]) => `${phase} ${c.rateLimitedPutBacks}/${c.loggedErrors}`);
  process.stdout.write(`\nDeliveries put back on a rate limit / errors logged, by phase: ${counts.join(', ')}\n`);
}
