// In-memory TF-IDF index of resolved tickets: which earlier tickets are most like a new one, and
// how alike (cosine in [0, 1]). Rebuilt with load() at start, then kept current one ticket at a
// time; its IDF is its own and follows the collection (see TfidfPostings).
import { BestMatches } from './best-matches.js';
import { termCounts, type TermOptions } from './similarity-terms.js';
import { TF_BITS, TF_MASK, TF_WEIGHT } from './term-weights.js';
import { TfidfPostings } from './tfidf-postings.js';

export interface SimilarMatch<T> {
  id: string;
  /** Cosine similarity in (0, 1]; the caller compares it with its threshold. */
  score: number;
  payload: T;
}

export interface SimilarityIndexOptions extends TermOptions {
  /** How far (natural-log units) a term's weighting IDF may drift from the live one. */
  idfTolerance: number;
  /**
   * Terms in more than this share of the tickets are left out of gathering candidates when that
   * provably cannot change the results (see search()): speed only, never scores. Each such term
   * costs a byte per ticket; Infinity turns this off.
   */
  commonTermShare: number;
}

export const DEFAULT_SIMILARITY_INDEX_OPTIONS: SimilarityIndexOptions = {
  bigrams: false,
  ignoreStopWords: true,
  idfTolerance: 0.05,
  commonTermShare: 0.1,
};

interface QueryTerm {
  termId: number;
  /** Query weight × IDF: times a document's tf weight, the term's part of the dot product. */
  factor: number;
  /** Query weight / query length: the term's coordinate in the unit-length query vector. */
  unitWeight: number;
  /** The term's count by slot, for common terms (see TfidfPostings.denseCounts). */
  dense: Uint8Array | undefined;
}

/** Resolved tickets by id, with what the caller reuses (`payload`), searchable by their text. */
export class SimilarTicketIndex<T> {
  private readonly options: SimilarityIndexOptions;
  private readonly postings: TfidfPostings;
  private readonly slotOf = new Map<string, number>();
  private readonly entries: ({ id: string; payload: T } | undefined)[] = [];
  private dots = new Float64Array(0);
  private touched = new Int32Array(0);

  constructor(options: Partial<SimilarityIndexOptions> = {}) {
    this.options = { ...DEFAULT_SIMILARITY_INDEX_OPTIONS, ...options };
    if (!(this.options.idfTolerance >= 0)) throw new RangeError('idfTolerance must be a number ≥ 0');
    if (!(this.options.commonTermShare > 0)) throw new RangeError('commonTermShare must be a number > 0');
    this.postings = new TfidfPostings(this.options.idfTolerance, this.options.commonTermShare);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces the document with this id. */
  upsert(id: string, text: string, payload: T): void {
    this.store(id, text, payload, true);
  }

  /** Returns whether something was removed. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.postings.remove(slot);
    this.entries[slot] = undefined;
    this.slotOf.delete(id);
    return true;
  }

  /** Bulk load (at start): adds or replaces each document, then weights everything once. */
  load(docs: Iterable<{ id: string; text: string; payload: T }>): void {
    for (const { id, text, payload } of docs) this.store(id, text, payload, false);
    this.postings.reweightAll();
  }

  /**
   * Best matches first, at most `limit`, only scores > 0; equal scores go to the smaller id.
   *
   * Scores are exact and the results those of scoring every ticket. To get there without walking
   * the long postings of terms most tickets have ("i", "card"), candidates are first gathered
   * from the query's other terms and scored over all terms. A ticket sharing only common terms
   * with the query scores at most Σ (query weight × the term's maxWeight); only when that bound
   * could still beat the kept matches are the common terms' postings walked too.
   */
  search(text: string, limit = 3): SimilarMatch<T>[] {
    if (this.size === 0 || !(limit >= 1)) return [];
    const { rare, common } = this.queryTerms(text);
    const best = new BestMatches(Math.floor(limit), (slot) => this.entries[slot]!.id);
    this.ensureScratch();
    const candidates = this.accumulate(rare, 0);
    this.offerAll(best, 0, candidates, common);
    let reached = candidates;
    let bound = 0;
    for (const term of common) bound += term.unitWeight * this.postings.maxWeight[term.termId]!;
    // Strictly above, plus a hair for rounding in the bound: an equal score could win on its id.
    if (common.length > 0 && !(best.isFull && best.floor > bound + 1e-9)) {
      reached = this.accumulate(common, candidates);
      this.offerAll(best, candidates, reached, []);
    }
    for (let i = 0; i < reached; i++) this.dots[this.touched[i]!] = 0;
    return best.sorted().map(({ slot, score }) => ({ ...this.entries[slot]!, score }));
  }

  /** The query's terms the index has, split by how common they are, with unit-vector weights. */
  private queryTerms(text: string): { rare: QueryTerm[]; common: QueryTerm[] } {
    const { postings } = this;
    const known: { termId: number; weight: number; idf: number }[] = [];
    let normSq = 0;
    for (const [term, count] of termCounts(text, this.options)) {
      const tf = TF_WEIGHT[Math.min(count, TF_MASK)]!;
      const termId = postings.termId(term);
      // A word no ticket has still counts in the query's length: an extra, unmatched problem
      // makes a message less like every ticket.
      const idf = termId === undefined ? postings.unseenIdf : postings.idf[termId]!;
      normSq += (tf * idf) ** 2;
      if (termId !== undefined) known.push({ termId, weight: tf * idf, idf });
    }
    const norm = Math.sqrt(normSq);
    const rare: QueryTerm[] = [];
    const common: QueryTerm[] = [];
    for (const { termId, weight, idf } of known) {
      const dense = postings.denseCounts[termId];
      (dense ? common : rare).push({ termId, factor: (weight * idf) / norm, unitWeight: weight / norm, dense });
    }
    return { rare, common };
  }

  /**
   * Scores the documents `touched[from..to)` (dot products so far in `dots`, plus the common
   * terms' parts from their dense counts), offers them, and marks them done (-1).
   */
  private offerAll(best: BestMatches, from: number, to: number, common: readonly QueryTerm[]): void {
    const { dots, touched } = this;
    const { invNorm } = this.postings;
    let floor = best.floor;
    for (let i = from; i < to; i++) {
      const slot = touched[i]!;
      let dot = dots[slot]!;
      dots[slot] = -1;
      for (const term of common) dot += term.factor * TF_WEIGHT[term.dense![slot]!]!;
      const score = dot * invNorm[slot]!;
      if (score < floor) continue;
      // Clamped because rounding can put an identical document a hair above 1.
      best.offer(slot, Math.min(1, score));
      floor = best.floor;
    }
  }

  private store(id: string, text: string, payload: T, settle: boolean): void {
    const old = this.slotOf.get(id);
    if (old !== undefined) {
      this.postings.remove(old, settle);
      this.entries[old] = undefined;
    }
    const slot = this.postings.add(termCounts(text, this.options), settle);
    this.entries[slot] = { id, payload };
    this.slotOf.set(id, slot);
  }

  /**
   * Adds the query terms' part of each document's dot product to `dots`, skipping documents
   * already scored (-1), and lists newly reached ones in `touched` from `from`; returns the end.
   */
  private accumulate(terms: readonly QueryTerm[], from: number): number {
    const { dots, touched } = this;
    let end = from;
    for (const { termId, factor } of terms) {
      for (const posting of this.postings.postings[termId]!) {
        const slot = posting >> TF_BITS;
        const dot = dots[slot]!;
        if (dot < 0) continue;
        if (dot === 0) touched[end++] = slot;
        dots[slot] = dot + factor * TF_WEIGHT[posting & TF_MASK]!;
      }
    }
    return end;
  }

  private ensureScratch(): void {
    if (this.dots.length >= this.entries.length) return;
    this.dots = new Float64Array(this.entries.length * 2);
    this.touched = new Int32Array(this.entries.length * 2);
  }
}
