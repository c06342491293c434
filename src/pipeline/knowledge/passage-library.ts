// A worker's passages in memory: the lexical index (nlp/passage-index.ts) plus the stored passages
// by id, loaded in full at start and then changed as syncs add and remove passages. Stored passages
// never change in place (a changed section is a new row with a new id), so ids alone say what differs.
import type { PassageChanges, PassageEvidence, PassageLibrary, StoredPassage } from '../../domain/ports/knowledge.js';
import { createPassageIndex, type PassageMatch } from '../../nlp/passage-index.js';

export interface LoadedPassageLibrary extends PassageLibrary {
  /** Replaces everything with these passages. */
  load(passages: readonly StoredPassage[]): void;
  /** Applies what a sync changed; re-adding a known id replaces it, removing an unknown one does nothing. */
  apply(changes: Pick<PassageChanges, 'added' | 'removedIds'>): void;
  has(id: string): boolean;
  ids(): string[];
}

/**
 * Hits read per search, at least: enough that a page with many matching sections cannot hide the
 * next page, whose score every margin is measured against.
 */
const MIN_DEPTH = 100;

export function createPassageLibrary(): LoadedPassageLibrary {
  let index = createPassageIndex();
  let byId = new Map<string, StoredPassage>();

  return {
    load(passages) {
      // Built aside and swapped, so a search never sees half a library.
      const fresh = createPassageIndex();
      fresh.add(passages);
      index = fresh;
      byId = new Map(passages.map((p) => [p.id, p]));
    },
    apply({ added, removedIds }) {
      index.remove(removedIds);
      for (const id of removedIds) byId.delete(id);
      index.add(added);
      for (const p of added) byId.set(p.id, p);
    },
    has: (id) => byId.has(id),
    ids: () => [...byId.keys()],
    get size() {
      return byId.size;
    },
    search(message, limit) {
      if (limit <= 0) return [];
      const terms = index.queryTerms(message);
      if (terms.length === 0) return [];
      const best = bestPerPage(index.search(message, Math.max(limit * 10, MIN_DEPTH)), byId);
      return best.slice(0, limit).map(({ hit, passage }) => ({ passage, evidence: evidenceOf(hit, passage.pageUrl, best, terms) }));
    },
  };
}

interface PageBest {
  hit: PassageMatch;
  passage: StoredPassage;
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

/** The evidence documented on {@link PassageEvidence}; `pages` holds one hit per page, best first. */
function evidenceOf(hit: PassageMatch, pageUrl: string, pages: readonly PageBest[], terms: readonly string[]): PassageEvidence {
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
