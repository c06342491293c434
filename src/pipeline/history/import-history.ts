// Loads the valid rows of a history file as resolved tickets: reusable solutions for the similar-
// ticket index and labelled messages for the classifier. Rows are stored in batches, one transaction
// each; a row whose external id a ticket already has is skipped, so running an import again (also
// after one that stopped halfway) stores only what is missing.
import type { Logger } from 'pino';
import type { HistoryRepository, ImportedConversation, SolutionReloadNotifier } from '../../domain/ports/history.js';
import type { HistoryRow } from './history-file.js';

export const IMPORT_BATCH_SIZE = 500;

export interface ImportHistoryDeps {
  history: HistoryRepository;
  /** Absent when no worker can be running (the embedded database admits one process at a time). */
  reload?: SolutionReloadNotifier;
  log: Pick<Logger, 'info' | 'error'>;
  now?: () => Date;
}

export interface ImportHistoryRequest {
  /** The file's name (no folders), recorded on each ticket's `imported` event. */
  file: string;
  /** Valid rows (see parseHistory). */
  rows: readonly HistoryRow[];
  isDryRun: boolean;
  batchSize?: number;
  /** Told after each batch: rows done so far and in all. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportHistorySummary {
  read: number;
  /** Stored; with a dry run, how many would be. */
  imported: number;
  /** Skipped: a ticket already has their external id. */
  alreadyImported: number;
  /** Skipped: an earlier row of the file has the same question, answer and date (and no external_id). */
  repeated: number;
  isDryRun: boolean;
  /** Whether running workers were told to reload their solutions; null when there was nobody or nothing to tell. */
  workersNotified: boolean | null;
}

export async function importHistory(deps: ImportHistoryDeps, request: ImportHistoryRequest): Promise<ImportHistorySummary> {
  const now = (deps.now ?? (() => new Date()))();
  const { rows } = request;
  const batchSize = request.batchSize ?? IMPORT_BATCH_SIZE;
  const summary: ImportHistorySummary = {
    read: rows.length,
    imported: 0,
    alreadyImported: 0,
    repeated: 0,
    isDryRun: request.isDryRun,
    workersNotified: null,
  };
  const seen = new Set<string>();
  let requesterId: string | undefined;

  for (let start = 0; start < rows.length; start += batchSize) {
    const batch: ImportedConversation[] = [];
    for (const row of rows.slice(start, start + batchSize)) {
      if (seen.has(row.externalId)) {
        summary.repeated++;
        continue;
      }
      seen.add(row.externalId);
      batch.push({
        externalId: row.externalId,
        question: row.question,
        answer: row.answer,
        intent: row.intent,
        createdAt: row.createdAt ?? now,
        line: row.line,
      });
    }
    let stored: number;
    if (batch.length === 0) stored = 0;
    else if (request.isDryRun) stored = batch.length - (await deps.history.findImported(batch.map((c) => c.externalId))).size;
    else {
      requesterId ??= await deps.history.importRequesterId();
      stored = await deps.history.insertResolved(requesterId, request.file, batch);
    }
    summary.imported += stored;
    summary.alreadyImported += batch.length - stored;
    request.onProgress?.(Math.min(start + batchSize, rows.length), rows.length);
  }

  if (!request.isDryRun && summary.imported > 0 && deps.reload) {
    // Best effort: the tickets are stored, and a worker that misses this loads them when it starts.
    summary.workersNotified = await deps.reload.reloadAll().then(
      () => true,
      (err: unknown) => {
        deps.log.error({ err }, 'could not tell running workers to reload their solutions');
        return false;
      },
    );
  }
  deps.log.info({ file: request.file, ...summary }, request.isDryRun ? 'history import checked (dry run)' : 'history imported');
  return summary;
}
