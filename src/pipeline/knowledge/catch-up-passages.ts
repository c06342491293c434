// Keeps a worker's passage library in step with the database. A change notice names only the source:
// the worker compares the ids it holds with the ids stored, drops what is gone and reads what is new
// by id. Why not reload everything on each notice: rebuilding the index of 10k passages blocks the
// event loop for a noticeable while on every worker, for a sync that may have changed one section;
// reading 10k ids is a few milliseconds. Why not carry the ids in the notice: comparing with the
// database converges whatever was missed, reordered or sent twice, so a missed notice is repaired by
// any later one, by a reconnect, or by the scheduled sync's notice. Vectors come after their
// passages (a sync embeds what it stored), so they are compared the same way: the ids that have one
// for the library's model against the ids the library holds one for.
import type { Logger } from 'pino';
import type { KnowledgeRepository } from '../../domain/ports/knowledge.js';
import type { LoadedPassageLibrary } from './passage-library.js';

export interface CatchUpDeps {
  knowledge: Pick<KnowledgeRepository, 'listPassageIds' | 'findPassages' | 'listEmbeddedPassageIds' | 'findEmbeddings'>;
  library: LoadedPassageLibrary;
}

/** One comparison with the database; what it added and removed, and how many vectors it added. */
export async function catchUpPassages(deps: CatchUpDeps): Promise<{ added: number; removed: number; vectors: number }> {
  const stored = await deps.knowledge.listPassageIds();
  const storedIds = new Set(stored);
  const removedIds = deps.library.ids().filter((id) => !storedIds.has(id));
  const missing = stored.filter((id) => !deps.library.has(id));
  // A passage removed since the ids were read is simply not found here; its own notice follows.
  const added = missing.length === 0 ? [] : await deps.knowledge.findPassages(missing);
  deps.library.apply({ added, removedIds });
  return { added: added.length, removed: removedIds.length, vectors: await catchUpVectors(deps) };
}

/** Reads the vectors of held passages that have one stored for the library's model and none in memory. */
async function catchUpVectors(deps: CatchUpDeps): Promise<number> {
  const model = deps.library.embeddingModel;
  if (!model) return 0;
  const held = new Set(deps.library.vectorIds());
  const missing = (await deps.knowledge.listEmbeddedPassageIds(model)).filter((id) => !held.has(id) && deps.library.has(id));
  if (missing.length === 0) return 0;
  const found = await deps.knowledge.findEmbeddings(model, missing);
  deps.library.applyVectors(found);
  return found.length;
}

export interface PassageCatchUp {
  /** Loads every stored passage; requests made before it finishes are served once it has. */
  load(): Promise<void>;
  /** Asks for a catch-up; one at a time, and requests made while one runs are served by one more run. */
  request(reason: string): Promise<void>;
}

export function createPassageCatchUp(
  deps: CatchUpDeps & { knowledge: Pick<KnowledgeRepository, 'listPassages'>; log: Logger },
): PassageCatchUp {
  let isLoaded = false;
  let isWanted = false;
  let running: Promise<void> | undefined;

  const runAll = async () => {
    while (isWanted) {
      isWanted = false;
      try {
        const { added, removed, vectors } = await catchUpPassages(deps);
        if (added + removed + vectors > 0)
          deps.log.info({ added, removed, vectors, passages: deps.library.size }, 'passage library updated');
      } catch (err) {
        // The next notice, reconnect or scheduled sync tries again.
        deps.log.error({ err }, 'could not update the passage library');
      }
    }
    // Cleared in the same turn as the last check, so a request made after it starts a new run.
    running = undefined;
  };

  const request = (reason: string): Promise<void> => {
    deps.log.debug({ reason }, 'passage library catch-up requested');
    isWanted = true;
    if (!isLoaded) return Promise.resolve();
    // isWanted is set, so runAll awaits before it could clear `running`.
    running ??= runAll();
    return running;
  };

  return {
    async load() {
      const started = performance.now();
      deps.library.load(await deps.knowledge.listPassages());
      const vectors = await catchUpVectors(deps);
      deps.log.info({ passages: deps.library.size, vectors, ms: Math.round(performance.now() - started) }, 'passage library loaded');
      isLoaded = true;
      if (isWanted) await request('changed while loading');
    },
    request,
  };
}
