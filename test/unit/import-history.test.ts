import { describe, expect, it } from 'vitest';
import type { HistoryRepository, ImportedConversation, SolutionReloadNotifier } from '../../src/domain/ports/history.js';
import type { HistoryRow } from '../../src/pipeline/history/history-file.js';
import { importHistory, type ImportHistoryRequest } from '../../src/pipeline/history/import-history.js';

const NOW = new Date('2025-06-01T12:00:00Z');

/** An in-memory HistoryRepository that records what it was asked. */
class FakeHistory implements HistoryRepository {
  readonly stored = new Map<string, ImportedConversation & { file: string; requesterId: string }>();
  readonly batchSizes: number[] = [];
  requesterCalls = 0;

  constructor(existing: string[] = []) {
    for (const id of existing)
      this.stored.set(id, {
        externalId: id,
        question: '',
        answer: '',
        intent: null,
        createdAt: NOW,
        line: 0,
        file: 'earlier.csv',
        requesterId: 'r',
      });
  }

  async findImported(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.stored.has(id)));
  }

  async importRequesterId() {
    this.requesterCalls++;
    return 'history-import-user';
  }

  async insertResolved(requesterId: string, file: string, conversations: readonly ImportedConversation[]) {
    this.batchSizes.push(conversations.length);
    let count = 0;
    for (const c of conversations) {
      if (this.stored.has(c.externalId)) continue;
      this.stored.set(c.externalId, { ...c, file, requesterId });
      count++;
    }
    return count;
  }
}

const silent = { info: () => undefined, error: () => undefined };

function row(i: number, overrides: Partial<HistoryRow> = {}): HistoryRow {
  return {
    line: i + 2,
    question: `question ${i}`,
    answer: `answer ${i}`,
    intent: null,
    createdAt: null,
    externalId: `id-${i}`,
    isExternalIdDerived: false,
    ...overrides,
  };
}

function run(
  history: FakeHistory,
  request: Partial<ImportHistoryRequest> & Pick<ImportHistoryRequest, 'rows'>,
  reload?: SolutionReloadNotifier,
) {
  return importHistory({ history, reload, log: silent, now: () => NOW }, { file: 'past.csv', isDryRun: false, ...request });
}

describe('importHistory', () => {
  it('stores every row in batches, with its date or the time of the import', async () => {
    const history = new FakeHistory();
    const rows = Array.from({ length: 1201 }, (_, i) =>
      row(i, i === 0 ? { createdAt: new Date('2024-01-01T00:00:00Z'), intent: 'billing' } : {}),
    );
    const summary = await run(history, { rows });
    expect(summary).toEqual({ read: 1201, imported: 1201, alreadyImported: 0, repeated: 0, isDryRun: false, workersNotified: null });
    expect(history.batchSizes).toEqual([500, 500, 201]);
    expect(history.requesterCalls).toBe(1);
    expect(history.stored.get('id-0')).toMatchObject({
      question: 'question 0',
      answer: 'answer 0',
      intent: 'billing',
      createdAt: new Date('2024-01-01T00:00:00Z'),
      line: 2,
      file: 'past.csv',
      requesterId: 'history-import-user',
    });
    expect(history.stored.get('id-1')?.createdAt).toEqual(NOW);
  });

  it('skips rows already imported and counts them apart', async () => {
    const history = new FakeHistory(['id-1', 'id-3']);
    const summary = await run(history, { rows: [0, 1, 2, 3].map((i) => row(i)) });
    expect(summary).toMatchObject({ read: 4, imported: 2, alreadyImported: 2 });
  });

  it('stores a row repeated in the file (same derived id) once', async () => {
    const history = new FakeHistory();
    const same = { externalId: 'sha256:abc', isExternalIdDerived: true };
    const summary = await run(history, { rows: [row(0, same), row(1), row(2, same)] });
    expect(summary).toMatchObject({ read: 3, imported: 2, alreadyImported: 0, repeated: 1 });
    expect(history.stored.get('sha256:abc')?.line).toBe(2);
  });

  it('with a dry run only counts: no requester, nothing stored, no notice to workers', async () => {
    const history = new FakeHistory(['id-0']);
    const notices: string[] = [];
    const summary = await run(
      history,
      { rows: [row(0), row(1), row(2)], isDryRun: true },
      { reloadAll: async () => void notices.push('reload') },
    );
    expect(summary).toEqual({ read: 3, imported: 2, alreadyImported: 1, repeated: 0, isDryRun: true, workersNotified: null });
    expect(history.requesterCalls).toBe(0);
    expect(history.batchSizes).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('tells workers once after storing, and not when nothing new was stored', async () => {
    const history = new FakeHistory();
    const notices: string[] = [];
    const reload = { reloadAll: async () => void notices.push('reload') };
    expect((await run(history, { rows: Array.from({ length: 1100 }, (_, i) => row(i)) }, reload)).workersNotified).toBe(true);
    expect((await run(history, { rows: [row(0)] }, reload)).workersNotified).toBeNull();
    expect(notices).toEqual(['reload']);
  });

  it('reports a notice that could not be sent without failing the import', async () => {
    const errors: unknown[] = [];
    const summary = await importHistory(
      {
        history: new FakeHistory(),
        reload: { reloadAll: () => Promise.reject(new Error('ECONNREFUSED')) },
        log: { info: () => undefined, error: (o: unknown) => void errors.push(o) },
      },
      { file: 'past.csv', rows: [row(0)], isDryRun: false },
    );
    expect(summary).toMatchObject({ imported: 1, workersNotified: false });
    expect(errors).toHaveLength(1);
  });

  it('reports progress after each batch, ending at the total', async () => {
    const progress: [number, number][] = [];
    await run(new FakeHistory(), {
      rows: Array.from({ length: 7 }, (_, i) => row(i)),
      batchSize: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
  });
});
