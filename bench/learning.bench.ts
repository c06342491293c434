// `npm run bench -- learning`: does Firstline learn to answer safely on a stream it has never seen?
// Public data streamed through the real service (HTTP API → BullMQ → PostgreSQL → worker), starting
// from the default intent pack, which knows nothing about banking or a voice assistant's requests:
// - a simulated agent answers every escalation with one fixed answer per gold label and no intent
//   (an out-of-scope message gets an answer of its own: nobody else's problem is the same);
// - a simulated customer rates every automatic answer by its gold label (helpful only when it is
//   that label's answer), and an agent then answers the ones rated not helpful;
// - time runs continuously: the stream never pauses for retraining. It is offered at
//   BENCH_LEARNING_RATE messages per second (10; at most BENCH_LEARNING_IN_FLIGHT at once) and
//   retraining and refitting run at most every 10 s (RETRAIN_DEBOUNCE_SECONDS 2,
//   RETRAIN_MAX_WAIT_SECONDS 10): a model at most ~100 messages old. A desk receiving a message a
//   minute with the default 300 s max wait would retrain every 5 messages: this is the harder case.
// Reported per window of 500 messages: automatic share, precision of the automatic answers,
// workload removed (right automatic answers / messages), and out-of-scope messages answered.
// BENCH_LEARNING_DUMP=PREFIX writes every automatic answer's candidate (features, confidence, rating)
// to PREFIX.<dataset>.json.
// Datasets: Banking77 train (seeded shuffle, 5,000) and CLINC150 test (in-scope and out-of-scope,
// seeded shuffle, 5,000). No threshold or weight was chosen on either: the service runs on its defaults.
// BENCH_LEARNING_SPLIT=dev streams data the benchmark never shows instead, for development: the other
// 5,000 of Banking77's shuffled train split, and CLINC150's validation split with its out-of-scope
// validation and training messages. Results go to results/learning-dev.json.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import bcrypt from 'bcrypt';
import { pino } from 'pino';
import { startFirstline } from '../src/app/roles.js';
import { loadConfig } from '../src/config/config.js';
import { readLabelledFile } from '../src/nlp/dataset-file.js';
import { textKey } from '../src/replies/answer-key.js';
import { sleep, withThrowawayServices } from './lib/bench-env.js';
import { OUT_OF_SCOPE, printWindowRows, windowRows, type Outcome, type WindowRow } from './lib/learning-windows.js';
import { prng } from './lib/seeded.js';

const DATASETS = new URL('../../shared/datasets/', import.meta.url).pathname;
const MESSAGES = Number(process.env.BENCH_LEARNING_MESSAGES ?? 5000);
const WINDOW = Number(process.env.BENCH_LEARNING_WINDOW ?? 500);
const IN_FLIGHT = Number(process.env.BENCH_LEARNING_IN_FLIGHT ?? 4);
/** Messages per second offered (at most IN_FLIGHT at once). */
const RATE = Number(process.env.BENCH_LEARNING_RATE ?? 10);
const ONLY = process.env.BENCH_LEARNING_DATASETS?.split(',');
const DEV = process.env.BENCH_LEARNING_SPLIT === 'dev';

interface Item {
  text: string;
  label: string;
}

interface StreamOutcome extends Outcome {
  ticketId: string;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const random = prng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function banking77(): Promise<Item[]> {
  const rows = await readLabelledFile({ spec: `${DATASETS}banking77/train.csv`, defaultSplits: ['train'] });
  return shuffled(
    rows.map((r) => ({ text: r.text, label: r.label })),
    77,
  ).slice(DEV ? 5000 : 0, (DEV ? 5000 : 0) + MESSAGES);
}

function clinc150(): Item[] {
  const data = JSON.parse(readFileSync(`${DATASETS}clinc150/data_full.json`, 'utf8')) as Record<string, [string, string][]>;
  const parts = DEV ? [data.val!, data.oos_val!, data.oos_train!] : [data.test!, data.oos_test!];
  const rows = parts.flat().map(([text, label]) => ({ text, label }));
  return shuffled(rows, 150).slice(0, MESSAGES);
}

/** The agent's answer: the same words for every message of a label, and its own for an out-of-scope one. */
function answerFor(item: Item, index: number): string {
  if (item.label === OUT_OF_SCOPE)
    return `We looked into request ${index} personally: this one is outside what we support, here is what we suggest instead.`;
  return `For "${item.label.replace(/_/g, ' ')}" requests, this is what to do: follow the steps in our ${item.label} guide, and reply here if anything is unclear.`;
}

async function stream(name: string, items: Item[]): Promise<WindowRow[]> {
  return withThrowawayServices(`learning_${name}`, async (env) => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '4',
      RETRAIN_DEBOUNCE_SECONDS: '2',
      RETRAIN_MAX_WAIT_SECONDS: '10',
      ...env,
    });
    const logged: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
    const app = await startFirstline(config, log, ['api', 'worker']);
    const base = app.url!;
    try {
      const token = async (email: string, role: 'USER' | 'AGENT') => {
        const password = 'bench-password-1';
        await app.services.users.upsertWithPassword({ email, passwordHash: await bcrypt.hash(password, 4), role });
        const res = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        return {
          authorization: `Bearer ${((await res.json()) as { access_token: string }).access_token}`,
          'content-type': 'application/json',
        };
      };
      const customer = await token('customer@example.com', 'USER');
      const agent = await token('agent@example.com', 'AGENT');
      const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
        let res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        // Shed under overload: try again after Retry-After, as a client should.
        for (let retry = 0; res.status === 503 && retry < 10; retry++) {
          await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
          res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        }
        if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as { id: string; status: string; response: string | null };
      };

      const outcomes: StreamOutcome[] = [];
      let next = 0;
      const started = performance.now();
      const handle = async (index: number) => {
        const item = items[index]!;
        const due = started + (index / RATE) * 1000;
        if (performance.now() < due) await sleep(due - performance.now());
        const answer = answerFor(item, index);
        let ticket = await call('POST', '/tickets?wait=10', customer, { message: item.text });
        while (ticket.status === 'OPEN') ticket = await call('GET', `/tickets/${ticket.id}`, customer);
        const automatic = ticket.status === 'AUTO_RESOLVED';
        const right = automatic && ticket.response !== null && ticket.response.includes(answer);
        if (automatic) await call('POST', '/feedback', customer, { ticket_id: ticket.id, helpful: right });
        // Every escalation, and every automatic answer rated not helpful (now escalated), gets the agent's answer.
        if (!right) await call('POST', `/tickets/${ticket.id}/resolve`, agent, { response: answer });
        outcomes.push({ index, ticketId: ticket.id, label: item.label, automatic, right });
        if (outcomes.length % WINDOW === 0) {
          process.stderr.write(`${name}: ${outcomes.length}/${items.length} (${Math.round((performance.now() - started) / 1000)} s)\n`);
        }
      };
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < items.length) await handle(next++);
        }),
      );

      const rows = windowRows(name, outcomes, WINDOW);
      if (process.env.BENCH_LEARNING_DUMP) {
        const sent = await app.services.db.query<{ id: string }>(
          `SELECT t.id, t.number, rc.kind, rc.confidence, rc.features, rc."modelVersion", f.helpful FROM "ReplyCandidate" rc JOIN "Ticket" t ON t.id = rc."ticketId" JOIN "Feedback" f ON f."ticketId" = rc."ticketId" WHERE rc.sent ORDER BY t.number`,
          [],
        );
        const byTicket = new Map(outcomes.map((o) => [o.ticketId, o]));
        const rows = sent.map((r) => ({ ...r, index: byTicket.get(r.id)?.index, label: byTicket.get(r.id)?.label }));
        writeFileSync(`${process.env.BENCH_LEARNING_DUMP}.${name}.json`, JSON.stringify(rows));
        // Every ticket's candidates, sent or not, with whether each was the gold answer: what a
        // better answer model could have done with the same evidence.
        const candidates = await app.services.db.query<{ ticketId: string; textKey: string }>(
          `SELECT rc."ticketId", rc.rank, rc.kind, rc."textKey", rc.confidence, rc.features, rc.sent FROM "ReplyCandidate" rc`,
          [],
        );
        const gold = (o: Outcome) => textKey(answerFor(items[o.index]!, o.index));
        writeFileSync(
          `${process.env.BENCH_LEARNING_DUMP}.${name}.candidates.json`,
          JSON.stringify(
            candidates.flatMap((c) => {
              const o = byTicket.get(c.ticketId);
              return o ? [{ ...c, index: o.index, label: o.label, right: c.textKey === gold(o) }] : [];
            }),
          ),
        );
      }
      const refits = logged.filter((l) => l.msg === 'answer-confidence model replaced');
      const retrains = logged.filter((l) => l.msg === 'classifier replaced');
      process.stderr.write(
        `${name}: ${refits.length} answer-confidence refits, ${retrains.length} classifier retrains, ${Math.round((performance.now() - started) / 1000)} s\n`,
      );
      if (refits.length > 0)
        process.stderr.write(
          `${name}: thresholds ${refits.map((r) => r.threshold).join(' ')}\n${name}: last answer model ${JSON.stringify(refits.at(-1)!.kinds)}\n`,
        );
      return rows;
    } finally {
      await app.stop();
    }
  });
}

async function main(): Promise<void> {
  const sets: [string, () => Promise<Item[]> | Item[]][] = [
    ['banking77', banking77],
    ['clinc150', clinc150],
  ];
  const rows: WindowRow[] = [];
  for (const [name, load] of sets) {
    if (ONLY && !ONLY.includes(name)) continue;
    rows.push(...(await stream(name, await load())));
  }
  printWindowRows(rows);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL(DEV ? './results/learning-dev.json' : './results/learning.json', import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), messages: MESSAGES, window: WINDOW, inFlight: IN_FLIGHT, rate: RATE, rows }, null, 2)}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
