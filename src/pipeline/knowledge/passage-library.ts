// A worker's passages in memory: the lexical index (nlp/passage-index.ts) plus the stored passages
// by id, loaded in full at start and then changed as syncs add and remove passages. Stored passages
// never change in place (a changed section is a new row with a new id), so ids alone say what differs.
//
// With embeddings configured, it also holds the passages' vectors (those that have one yet) and
// ranks by reciprocal rank fusion of BM25 and cosine (rank-fusion.ts): meaning decides which pages
// become candidates and in what order. Each hit's evidence stays lexical, exactly as documented on
// PassageEvidence, so answer confidence means what it meant: a page found only by meaning carries no
// lexical evidence and is offered, not answered from on its own. Whenever the query cannot be
// embedded (breaker open, endpoint slow or down, no vectors yet) the ranking is lexical only.
import type { Logger } from 'pino';
import type {
  PassageChanges,
  PassageEmbedder,
  PassageEvidence,
  PassageLibrary,
  PassageVector,
  StoredPassage,
} from '../../domain/ports/knowledge.js';
import { createPassageIndex, type PassageMatch } from '../../nlp/passage-index.js';
import { nearestByCosine, normalized, reciprocalRankFusion } from './rank-fusion.js';

export interface LoadedPassageLibrary extends PassageLibrary {
  /** Replaces everything with these passages and their vectors (of the embedder's model). */
  load(passages: readonly StoredPassage[], vectors?: readonly PassageVector[]): void;
  /** Applies what a sync changed; re-adding a known id replaces it, removing an unknown one does nothing. */
  apply(changes: Pick<PassageChanges, 'added' | 'removedIds'>): void;
  /** Adds or replaces vectors of passages it holds (others are ignored: their passage comes first). */
  applyVectors(vectors: readonly PassageVector[]): void;
  has(id: string): boolean;
  ids(): string[];
  /** The ids of the passages it holds a vector for. */
  vectorIds(): string[];
  /** The model whose vectors it ranks by; undefined when embeddings are off. */
  readonly embeddingModel: string | undefined;
}

export interface PassageLibraryOptions {
  /** Unset: lexical ranking only. */
  embedder?: PassageEmbedder;
  /** The longest a search waits for its message's vector (EMBEDDINGS_QUERY_TIMEOUT_MS). */
  queryTimeoutMs?: number;
  log?: Logger;
}

/**
 * Hits read per search, at least: enough that a page with many matching sections cannot hide the
 * next page, whose score every margin is measured against.
 */
const MIN_DEPTH = 100;
const DEFAULT_QUERY_TIMEOUT_MS = 1500;

export function createPassageLibrary(options: PassageLibraryOptions = {}): LoadedPassageLibrary {
  const { embedder } = options;
  let index = createPassageIndex();
  let byId = new Map<string, StoredPassage>();
  /** Unit length, of held passages only. */
  let vectors = new Map<string, Float32Array>();

  const addVectors = (into: Map<string, Float32Array>, held: ReadonlyMap<string, StoredPassage>, found: readonly PassageVector[]) => {
    for (const { id, vector } of found) {
      const unit = held.has(id) ? normalized(vector) : null;
      if (unit) into.set(id, unit);
    }
  };

  /** The message's vector, or null: lexical only. Never throws; a failure is the embedder's to log. */
  const queryVector = async (message: string, held: ReadonlyMap<string, Float32Array>): Promise<Float32Array | null> => {
    if (!embedder || held.size === 0 || embedder.breakerState === 'open') return null;
    try {
      const [vector] = await embedder.embed([message], { timeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS });
      return vector ? normalized(vector) : null;
    } catch (err) {
      options.log?.debug({ err: { message: err instanceof Error ? err.message : String(err) } }, 'ranking passages by words only');
      return null;
    }
  };

  return {
    embeddingModel: embedder?.model,
    load(passages, found = []) {
      // Built aside and swapped, so a search never sees half a library.
      const fresh = createPassageIndex();
      fresh.add(passages);
      const freshById = new Map(passages.map((p) => [p.id, p]));
      const freshVectors = new Map<string, Float32Array>();
      addVectors(freshVectors, freshById, found);
      index = fresh;
      byId = freshById;
      vectors = freshVectors;
    },
    apply({ added, removedIds }) {
      index.remove(removedIds);
      for (const id of removedIds) {
        byId.delete(id);
        vectors.delete(id);
      }
      index.add(added);
      for (const p of added) {
        byId.set(p.id, p);
        // A re-added id is a passage read again: its vector follows, if it has one.
        vectors.delete(p.id);
      }
    },
    applyVectors(found) {
      addVectors(vectors, byId, found);
    },
    has: (id) => byId.has(id),
    ids: () => [...byId.keys()],
    vectorIds: () => [...vectors.keys()],
    get size() {
      return byId.size;
    },
    async search(message, limit) {
      if (limit <= 0) return [];
      // This search's view: a load during the wait for the vector must not mix two libraries.
      const [held, heldVectors, heldIndex] = [byId, vectors, index];
      const terms = heldIndex.queryTerms(message);
      if (terms.length === 0) return [];
      const depth = Math.max(limit * 10, MIN_DEPTH);
      const hits = heldIndex.search(message, depth);
      const lexicalPages = bestPerPage(hits, held);
      const query = await queryVector(message, heldVectors);
      const chosen = query
        ? onePerPage(reciprocalRankFusion([hits.map((h) => h.id), nearestByCosine(query, heldVectors, depth)]), held)
        : lexicalPages.map((p) => p.passage);
      const hitById = new Map(hits.map((h) => [h.id, h]));
      return chosen.slice(0, limit).map((passage) => ({
        passage,
        evidence: evidenceOf(hitById.get(passage.id), passage.pageUrl, lexicalPages, terms),
      }));
    },
  };
}

interface PageBest {
  hit: PassageMatch;
  passage: StoredPassage;
}

/** The first passage of each page in a ranking of ids, in order. */
function onePerPage(ranked: readonly string[], byId: ReadonlyMap<string, StoredPassage>): StoredPassage[] {
  const pages = new Map<string, StoredPassage>();
  for (const id of ranked) {
    const passage = byId.get(id);
    if (passage && !pages.has(passage.pageUrl)) pages.set(passage.pageUrl, passage);
  }
  return [...pages.values()];
}

/** The best hit of each page (by URL: two pages may share a title), best first. */
function bestPerPage(hits: readonly PassageMatch[], byId: ReadonlyMap<string, StoredPassage>): PageBest[] {
  const pages = new Map<string, PageBest>();
  for (const hit of hits) {
    const passage = byId.get(hit.id);
    if (passage && !pages.has(passage.pageUrl)) pages.set(passage.pageUrl, { hit, passage });
  }
  return [...pages.values()];
}

/**
 * The evidence documented on {@link PassageEvidence}; `pages` holds one lexical hit per page, best
 * first. No lexical hit (a passage ranked by meaning alone): no lexical evidence, the lowest margin.
 */
function evidenceOf(hit: PassageMatch | undefined, pageUrl: string, pages: readonly PageBest[], terms: readonly string[]): PassageEvidence {
  if (!hit) return { margin: -1, coverage: 0, scorePerTerm: 0 };
  const other = pages.find((p) => p.passage.pageUrl !== pageUrl);
  const margin = other === undefined ? 1 : hit.score > 0 ? clamp((hit.score - other.hit.score) / hit.score, -1, 1) : -1;
  const wanted = new Set(terms);
  const matched = new Set(hit.matchedTerms.filter((t) => wanted.has(t)));
  return {
    margin,
    coverage: matched.size / wanted.size,
    scorePerTerm: Math.log1p(Math.max(0, hit.score) / Math.max(1, wanted.size)),
  };
}

const clamp = (x: number, min: number, max: number): number => Math.min(max, Math.max(min, x));
