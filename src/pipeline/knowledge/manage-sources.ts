// Adding, syncing and removing knowledge sources. Adding reads the source first and stores it with
// its passages in one transaction: a path that does not exist or a host that cannot be reached is a
// clear error, and nothing is stored. A later sync that cannot read the source at all keeps every
// passage it had and records why.
import type { Logger } from 'pino';
import { AppError, isAppError, type ErrorCode } from '../../domain/errors.js';
import type {
  KnowledgeRepository,
  KnowledgeSource,
  PassageChangeNotifier,
  PassageChanges,
  PassageEmbedder,
} from '../../domain/ports/knowledge.js';
import { embedMissingPassages } from './embed-passages.js';
import { readSource, type ReadSourceDeps } from './read-source.js';
import { defaultSourceName, parseLocation, SOURCE_NAME } from './source-location.js';

export interface ManageSourcesDeps extends ReadSourceDeps {
  knowledge: KnowledgeRepository;
  log: Logger;
  /** Tells the workers' passage libraries that a source changed; unset when there are none to tell. */
  notifier?: PassageChangeNotifier;
  /** Set when embeddings are configured: passages stored without a vector get one after each sync. */
  embedder?: PassageEmbedder;
}

export interface SyncOutcome {
  source: KnowledgeSource;
  changes: PassageChanges | null;
}

/** How a reader says the source as a whole cannot be read (see DocumentReader). */
const UNREADABLE: ReadonlySet<ErrorCode> = new Set(['bad_request', 'validation_failed']);

const notFound = (name: string) => new AppError('not_found', { message: `No knowledge source is named "${name}".` });

export async function addSource(deps: ManageSourcesDeps, input: { location: string; name?: string }): Promise<SyncOutcome> {
  const location = parseLocation(input.location);
  const name = input.name ?? defaultSourceName(location);
  if (!SOURCE_NAME.test(name)) {
    throw new AppError('validation_failed', {
      message: 'A source name is 1-64 characters: a-z, 0-9, ".", "_" or "-", starting with a letter or digit.',
    });
  }
  // Before reading: a taken name should not cost a crawl.
  if (await deps.knowledge.findByName(name))
    throw new AppError('conflict', { message: `A knowledge source named "${name}" already exists.` });
  const sync = await readSource(deps, location);
  // A source of which nothing could be read is a mistake to show now, not an empty source to keep.
  if (sync.pageCount === 0 && sync.errors.length > 0) {
    const first = sync.errors.slice(0, 3).map((e) => `${e.url}: ${e.error}`);
    throw new AppError('validation_failed', {
      message: `Nothing could be read from ${input.location.trim()}: ${first.join('; ')}`,
      details: { errors: sync.errors.slice(0, 20) },
    });
  }
  const created = await deps.knowledge.create({ name, location }, sync);
  await notifyWorkers(deps, name);
  await embedPassages(deps, name);
  return created;
}

export async function syncSource(deps: ManageSourcesDeps, name: string): Promise<SyncOutcome> {
  const source = await deps.knowledge.findByName(name);
  if (!source) throw notFound(name);
  return syncOne(deps, source);
}

/** Every source, one after the other; one that fails does not stop the others. */
export async function syncAllSources(deps: ManageSourcesDeps): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (const source of await deps.knowledge.list()) outcomes.push(await syncOne(deps, source));
  return outcomes;
}

async function syncOne(deps: ManageSourcesDeps, source: KnowledgeSource): Promise<SyncOutcome> {
  const log = deps.log.child({ source: source.name });
  try {
    const sync = await readSource(deps, source.location);
    const applied = await deps.knowledge.applySync(source.id, sync);
    if (!applied) throw notFound(source.name);
    log.info(
      {
        added: applied.changes.added.length,
        removed: applied.changes.removedIds.length,
        kept: applied.changes.kept,
        errors: sync.errors.length,
      },
      'knowledge source synced',
    );
    if (applied.changes.added.length > 0 || applied.changes.removedIds.length > 0) await notifyWorkers(deps, source.name);
    // Also when nothing changed: passages an earlier sync could not embed are tried again.
    await embedPassages(deps, source.name);
    return applied;
  } catch (err) {
    if (!isAppError(err) || !UNREADABLE.has(err.code)) throw err;
    // The source as a whole could not be read (its folder is gone, its host is down): keep what it had.
    log.warn({ err: { message: err.message } }, 'knowledge source could not be read; its passages are kept');
    const at = (deps.now ?? (() => new Date()))();
    const where = source.location.kind === 'url' ? source.location.url : source.location.path;
    const recorded = await deps.knowledge.recordFailedSync(source.id, { url: where, error: err.message }, at);
    if (!recorded) throw notFound(source.name);
    return { source: recorded, changes: null };
  }
}

export async function removeSource(
  deps: Pick<ManageSourcesDeps, 'knowledge' | 'notifier' | 'log'>,
  name: string,
): Promise<{ removedIds: string[] }> {
  const removed = await deps.knowledge.remove(name);
  if (!removed) throw notFound(name);
  await notifyWorkers(deps, name);
  return removed;
}

/**
 * After the workers were told of the passages (they search them by words at once): embeds those
 * without a vector, and tells the workers again when some got one. Never throws.
 */
async function embedPassages(deps: Pick<ManageSourcesDeps, 'knowledge' | 'embedder' | 'notifier' | 'log'>, source: string): Promise<void> {
  if (!deps.embedder) return;
  const { embedded } = await embedMissingPassages({ knowledge: deps.knowledge, embedder: deps.embedder, log: deps.log });
  if (embedded > 0) await notifyWorkers(deps, source);
}

/**
 * Best effort: the change is stored, and a worker that misses the notice catches up from the
 * database later (on the next notice, when its Redis connection comes back, or after the scheduled
 * sync), so failing to tell it must not fail the change.
 */
async function notifyWorkers(deps: Pick<ManageSourcesDeps, 'notifier' | 'log'>, source: string): Promise<void> {
  if (!deps.notifier) return;
  try {
    await deps.notifier.notify(source);
  } catch (err) {
    deps.log.warn(
      { err: { message: err instanceof Error ? err.message : String(err) }, source },
      'could not tell the workers that passages changed; they catch up at the next scheduled sync',
    );
  }
}
