// `firstline import FILE [--format csv|jsonl] [--dry-run]`: past conversations in as resolved tickets.
// Every problem in the file is listed and nothing is stored (exit 2) unless every row is valid.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { openDatabase, resolveDatabaseTarget } from '../infra/db/database.js';
import { createHistoryRepository } from '../infra/db/history-repository.js';
import { createSolutionReloadNotifier } from '../infra/queue/solution-changes.js';
import type { Logger } from '../infra/logger.js';
import {
  HISTORY_FORMATS,
  historyFormatOf,
  parseHistory,
  type HistoryFormat,
  type HistoryProblem,
} from '../pipeline/history/history-file.js';
import { importHistory, type ImportHistorySummary } from '../pipeline/history/import-history.js';

export const IMPORT_USAGE = 'firstline import <file> [--format csv|jsonl] [--dry-run]';

/** Where the command writes; a TTY gets a progress line updated in place. */
export interface CommandOutput {
  stdout: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  stderr: Pick<NodeJS.WriteStream, 'write'>;
}

/** Runs the command; resolves to the process's exit code. */
export async function runImportCommand(
  config: Readonly<Config>,
  log: Logger,
  args: string[],
  out: CommandOutput = process,
): Promise<number> {
  const usage = (message: string) => {
    out.stderr.write(`${message}\nusage: ${IMPORT_USAGE}\n`);
    return 2;
  };
  let values: { format?: string; 'dry-run': boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { format: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: true,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) return usage('Give one file to import.');
  const format = values.format ?? historyFormatOf(file);
  if (!isHistoryFormat(format)) {
    return usage(
      values.format
        ? `--format must be csv or jsonl (got "${values.format}")`
        : `Cannot tell the format of ${file} from its extension (.csv, .jsonl, .ndjson); use --format csv|jsonl.`,
    );
  }

  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    out.stderr.write(`Cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const name = path.basename(file);
  const { rows, problems } = parseHistory(content, { format, maxQuestionChars: config.tickets.maxMessageChars });
  if (problems.length > 0) {
    out.stderr.write(describeProblems(name, problems));
    return 2;
  }

  const isDryRun = values['dry-run'];
  const target = resolveDatabaseTarget(config.database.url, config.database.dataDir);
  // Pending migrations are applied, as by every command: a dry run needs the tables to compare with.
  const db = await openDatabase(target, { migrate: true });
  try {
    const progress = out.stdout.isTTY ? (done: number, total: number) => out.stdout.write(`\r${name}: ${done} / ${total} rows`) : undefined;
    const summary = await importHistory(
      {
        history: createHistoryRepository(db),
        // Workers can run beside PostgreSQL only: the embedded database admits one process at a time.
        reload: target.kind === 'postgres' ? createSolutionReloadNotifier(config.redis.url, config.redis.queuePrefix) : undefined,
        log: log.child({ component: 'import' }),
      },
      { file: name, rows, isDryRun, onProgress: progress },
    );
    if (progress) out.stdout.write('\n');
    out.stdout.write(describeSummary(name, summary));
    return 0;
  } finally {
    await db.close();
  }
}

const isHistoryFormat = (value: string | null): value is HistoryFormat => (HISTORY_FORMATS as readonly (string | null)[]).includes(value);

export function describeProblems(file: string, problems: readonly HistoryProblem[]): string {
  const rows = new Set(problems.map((p) => p.line)).size;
  return [
    `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}; nothing was imported.`,
    ...problems.map((p) => `  line ${p.line}: ${p.reason}`),
    '',
  ].join('\n');
}

export function describeSummary(file: string, s: ImportHistorySummary): string {
  const counts = [
    `${s.read} rows read`,
    s.isDryRun ? `would import ${s.imported}` : `${s.imported} imported`,
    `${s.alreadyImported} already imported`,
    ...(s.repeated > 0 ? [`${s.repeated} repeated in the file`] : []),
  ];
  const lines = [`${file}: ${counts.join(', ')}${s.isDryRun ? ' (dry run: nothing was written)' : ''}.`];
  if (s.workersNotified === true) lines.push('Running workers were told to load the imported solutions.');
  if (s.workersNotified === false)
    lines.push('Could not reach Redis to tell running workers: restart them, or they load the imported solutions when they next start.');
  return `${lines.join('\n')}\n`;
}
