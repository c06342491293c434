// `firstline replay FILE [--format csv|jsonl] [--target-precision 0.97] [--retrain-every N] [--warmup N] [--json]`
// and `firstline replay --from-db …`: past conversations replayed through the real analysis in time
// order, learning as they go, to choose AUTO_RESOLVE_THRESHOLD before going live. Reads only: nothing
// is stored and nothing is sent.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { listAgentResolvedTickets } from '../infra/db/agent-resolved-history.js';
import { openDatabase, resolveDatabaseTarget } from '../infra/db/database.js';
import type { Logger } from '../infra/logger.js';
import { loadIntentPack } from '../intents/intent-pack.js';
import {
  HISTORY_FORMATS,
  historyFormatOf,
  parseHistory,
  type HistoryFormat,
  type HistoryProblem,
} from '../pipeline/history/history-file.js';
import { packTrainer } from '../pipeline/replay/in-memory-learning.js';
import { inTimeOrder, replayHistory, type ReplayRow } from '../pipeline/replay/replay-history.js';
import { reportReplay } from '../pipeline/replay/replay-report.js';
import type { CommandOutput } from './import-command.js';
import { describeReplay, type ReplaySource } from './replay-output.js';

export const REPLAY_USAGE =
  'firstline replay <file> [--format csv|jsonl] [--target-precision 0.97] [--retrain-every 200] [--warmup N] [--json]\n' +
  '       firstline replay --from-db [--target-precision 0.97] [--retrain-every 200] [--warmup N] [--json]';

const DEFAULT_TARGET_PRECISION = 0.97;
const DEFAULT_RETRAIN_EVERY = 200;

type Rows = { rows: ReplayRow[] } | { exitCode: number };

/** Runs the command; resolves to the process's exit code. `log` should not write to stdout (--json). */
export async function runReplayCommand(
  config: Readonly<Config>,
  log: Logger,
  args: string[],
  out: CommandOutput = process,
): Promise<number> {
  const usage = (message: string) => {
    out.stderr.write(`${message}\nusage: ${REPLAY_USAGE}\n`);
    return 2;
  };
  let values: {
    format?: string;
    'target-precision'?: string;
    'retrain-every'?: string;
    warmup?: string;
    json: boolean;
    'from-db': boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        format: { type: 'string' },
        'target-precision': { type: 'string' },
        'retrain-every': { type: 'string' },
        warmup: { type: 'string' },
        json: { type: 'boolean', default: false },
        'from-db': { type: 'boolean', default: false },
      },
      allowPositionals: true,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  const targetPrecision = Number(values['target-precision'] ?? DEFAULT_TARGET_PRECISION);
  if (!(targetPrecision > 0 && targetPrecision <= 1))
    return usage(`--target-precision must be a number in (0, 1], e.g. 0.97 (got "${values['target-precision']}")`);
  const retrainEvery = wholeNumber(values['retrain-every'], DEFAULT_RETRAIN_EVERY);
  if (retrainEvery === null || retrainEvery < 1)
    return usage(`--retrain-every must be a whole number of rows, at least 1 (got "${values['retrain-every']}")`);
  const warmup = wholeNumber(values.warmup, retrainEvery);
  if (warmup === null) return usage(`--warmup must be a whole number of rows (got "${values.warmup}")`);

  const isFromDb = values['from-db'];
  const [file, ...extra] = positionals;
  if (isFromDb && (file !== undefined || values.format !== undefined))
    return usage('--from-db reads the database: give no file and no --format.');
  if (!isFromDb && (!file || extra.length > 0)) return usage('Give one file to replay, or --from-db.');

  let source: ReplaySource;
  let loaded: Rows;
  if (isFromDb) {
    const target = resolveDatabaseTarget(config.database.url, config.database.dataDir);
    source = {
      kind: 'database',
      name: target.kind === 'postgres' ? 'the PostgreSQL database' : `the embedded database in ${target.dataDir}`,
    };
    loaded = await rowsFromDatabase(config, out);
  } else {
    const format = values.format ?? historyFormatOf(file!);
    if (!isHistoryFormat(format)) {
      return usage(
        values.format
          ? `--format must be csv or jsonl (got "${values.format}")`
          : `Cannot tell the format of ${file} from its extension (.csv, .jsonl, .ndjson); use --format csv|jsonl.`,
      );
    }
    source = { kind: 'file', name: path.basename(file!) };
    loaded = await rowsFromFile(file!, format, config.tickets.maxMessageChars, out);
  }
  if ('exitCode' in loaded) return loaded.exitCode;
  if (loaded.rows.length === 0) {
    out.stderr.write(`${source.kind === 'file' ? source.name : `No ticket an agent resolved in ${source.name}`}: nothing to replay.\n`);
    return 2;
  }

  const { rows, isByDate } = inTimeOrder(loaded.rows);
  const pack = await loadIntentPack(config.pipeline.intentsFile);
  const stderr = out.stderr as CommandOutput['stdout'];
  const progress = stderr.isTTY ? (done: number, total: number) => stderr.write(`\rreplaying: ${done} / ${total} rows`) : undefined;
  const outcomes = await replayHistory(
    {
      intents: new Map(pack.intents.map((i) => [i.name, i])),
      settings: { urgentThreshold: config.pipeline.urgentThreshold, urgentPolicy: config.pipeline.urgentPolicy },
      placeholders: { product_name: config.pipeline.productName, support_url: config.pipeline.supportUrl },
      trainClassifier: packTrainer(pack, log.child({ component: 'replay' })),
      onProgress: progress,
    },
    rows,
    { retrainEvery },
  );
  if (progress) stderr.write('\n');
  const report = reportReplay(outcomes, { targetPrecision, warmup });
  const context = { source, isByDate, retrainEvery, currentThreshold: config.pipeline.autoResolveThreshold };
  out.stdout.write(
    values.json
      ? `${JSON.stringify({ source: source.name, order: isByDate ? 'created_at' : 'file', retrainEvery, ...report }, null, 2)}\n`
      : describeReplay(report, context),
  );
  return 0;
}

const isHistoryFormat = (value: string | null): value is HistoryFormat => (HISTORY_FORMATS as readonly (string | null)[]).includes(value);

/** A whole number ≥ 0, the fallback when absent, or null when malformed. */
function wholeNumber(text: string | undefined, fallback: number): number | null {
  if (text === undefined) return fallback;
  return /^\d+$/.test(text.trim()) ? Number(text) : null;
}

async function rowsFromFile(file: string, format: HistoryFormat, maxQuestionChars: number, out: CommandOutput): Promise<Rows> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    out.stderr.write(`Cannot read ${file}: ${(err as Error).message}\n`);
    return { exitCode: 2 };
  }
  const { rows, problems } = parseHistory(content, { format, maxQuestionChars });
  if (problems.length > 0) {
    out.stderr.write(describeProblems(path.basename(file), problems));
    return { exitCode: 2 };
  }
  return { rows: rows.map((r) => ({ question: r.question, answer: r.answer, intent: r.intent, createdAt: r.createdAt })) };
}

async function rowsFromDatabase(config: Readonly<Config>, out: CommandOutput): Promise<Rows> {
  const target = resolveDatabaseTarget(config.database.url, config.database.dataDir);
  // Opening an embedded database that is not there would create one: there is nothing to read.
  if (target.kind === 'embedded' && !existsSync(target.dataDir)) {
    out.stderr.write(`No embedded database in ${target.dataDir}: nothing to replay. Set DATABASE_URL, or DATA_DIR to where it is.\n`);
    return { exitCode: 2 };
  }
  // Read-only: no migrations are applied.
  const db = await openDatabase(target, { migrate: false });
  try {
    const tickets = await listAgentResolvedTickets(db.prisma);
    return { rows: tickets.map((t) => ({ question: t.message, answer: t.answer, intent: t.intent, createdAt: t.createdAt })) };
  } finally {
    await db.close();
  }
}

function describeProblems(file: string, problems: readonly HistoryProblem[]): string {
  const rows = new Set(problems.map((p) => p.line)).size;
  return [
    `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}; nothing was replayed.`,
    ...problems.map((p) => `  line ${p.line}: ${p.reason}`),
    '',
  ].join('\n');
}
