// The inverted index behind SimilarTicketIndex: documents (by slot) as counted terms, postings per
// term, document frequencies, and the IDF table and document norms that follow the collection as
// it changes. Knows nothing of ids, payloads or text.
import { TF_BITS, TF_MASK, TF_WEIGHT, idfOf } from './term-weights.js';

/**
 * Documents and queries weight each term by tf × idf(term) from the one table kept here, so every
 * score is an exact cosine of two vectors in the same space. The table is not recomputed on every
 * change, which would re-weight every document each time. It is computed with the document count
 * at the last full re-weight; a term whose document frequency has since moved its IDF by more than
 * `idfTolerance` is refreshed alone (cost: its postings), and when the document count has moved
 * every IDF by that much, everything is re-weighted (cost: all postings, once per ~5 % growth or
 * shrinkage with the default 0.05). So each weight is within 2 × idfTolerance of the live IDF.
 */
export class TfidfPostings {
  /** `termId << TF_BITS | count` of each distinct term, by slot; undefined for a free slot. */
  readonly docTerms: (readonly number[] | undefined)[] = [];
  /** Squared length of each document's vector under the current IDF table, by slot. */
  private readonly normSq: number[] = [];
  /** 1 / its length (0 for a document without terms): what a dot product is scaled by. */
  readonly invNorm: number[] = [];
  /** `slot << TF_BITS | count` of each document that has the term, by term id. */
  readonly postings: number[][] = [];
  readonly df: number[] = [];
  readonly idf: number[] = [];
  /**
   * At least the largest weight the term has in any unit-length document vector, by term id:
   * bounds how much the term can add to a cosine. Raised whenever a weight could grow, left as
   * is when a document goes (still an upper bound), made exact again by reweightAll().
   */
  readonly maxWeight: number[] = [];
  /**
   * For terms in more than `denseShare` of the documents at the last full re-weight: the term's
   * count in every slot (0 if absent), so a search can add a common term's part to a document
   * without walking its long postings.
   */
  readonly denseCounts: (Uint8Array | undefined)[] = [];
  private denseCapacity = 0;
  private readonly freeSlots: number[] = [];
  private readonly termIdOf = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly freeTermIds: number[] = [];
  private docCount = 0;
  /** Document count the IDF table was computed with. */
  private weightedCount = 0;

  constructor(
    private readonly idfTolerance: number,
    private readonly denseShare: number,
  ) {}

  termId(term: string): number | undefined {
    return this.termIdOf.get(term);
  }

  /** IDF of a term no document has, under the current table. */
  get unseenIdf(): number {
    return idfOf(0, this.weightedCount);
  }

  /**
   * Adds a document; returns its slot. With `settle` false its norm and the IDF table are left for
   * a following reweightAll() (bulk loading).
   */
  add(terms: ReadonlyMap<string, number>, settle = true): number {
    const slot = this.freeSlots.pop() ?? this.docTerms.length;
    if (slot >= this.denseCapacity) this.growDense(2 * slot + 1);
    const entries: number[] = [];
    for (const [term, count] of terms) {
      const termId = this.termIdOf.get(term) ?? this.addTerm(term);
      const tfCount = Math.min(count, TF_MASK);
      // No document uses a term at df 0, so its IDF can be set afresh without touching others.
      if (this.df[termId] === 0) this.idf[termId] = idfOf(1, this.weightedCount);
      this.df[termId]! += 1;
      this.postings[termId]!.push((slot << TF_BITS) | tfCount);
      entries.push((termId << TF_BITS) | tfCount);
      const dense = this.denseCounts[termId];
      if (dense) dense[slot] = tfCount;
    }
    this.docTerms[slot] = entries;
    this.docCount++;
    if (settle) {
      this.setNormSq(slot, this.computeNormSq(entries));
      this.settle(entries);
    } else this.setNormSq(slot, 0);
    return slot;
  }

  /** Takes a document out of the postings and document frequencies, and frees its slot. */
  remove(slot: number, settle = true): void {
    const entries = this.docTerms[slot];
    if (!entries) return;
    for (const entry of entries) {
      const termId = entry >> TF_BITS;
      const list = this.postings[termId]!;
      const at = list.indexOf((slot << TF_BITS) | (entry & TF_MASK));
      list[at] = list[list.length - 1]!;
      list.pop();
      const dense = this.denseCounts[termId];
      if (dense) dense[slot] = 0;
      this.df[termId]! -= 1;
      if (this.df[termId] === 0) {
        this.termIdOf.delete(this.termNames[termId]!);
        this.freeTermIds.push(termId);
        this.denseCounts[termId] = undefined;
      }
    }
    this.docTerms[slot] = undefined;
    this.setNormSq(slot, 0);
    this.freeSlots.push(slot);
    this.docCount--;
    if (settle) this.settle(entries);
  }

  /** Recomputes the whole IDF table from the current document frequencies, and every norm. */
  reweightAll(): void {
    this.weightedCount = this.docCount;
    for (let termId = 0; termId < this.df.length; termId++) {
      if (this.df[termId]! > 0) this.idf[termId] = idfOf(this.df[termId]!, this.weightedCount);
      this.maxWeight[termId] = 0;
      this.denseCounts[termId] = this.df[termId]! > this.denseShare * this.docCount ? this.toDense(termId) : undefined;
    }
    this.docTerms.forEach((entries, slot) => {
      if (entries) this.setNormSq(slot, this.computeNormSq(entries));
    });
  }

  private addTerm(term: string): number {
    const termId = this.freeTermIds.pop() ?? this.termNames.length;
    this.termIdOf.set(term, termId);
    this.termNames[termId] = term;
    this.postings[termId] = [];
    this.df[termId] = 0;
    this.idf[termId] = 0;
    this.maxWeight[termId] = 0;
    this.denseCounts[termId] = undefined;
    return termId;
  }

  private toDense(termId: number): Uint8Array {
    const dense = new Uint8Array(this.denseCapacity);
    for (const posting of this.postings[termId]!) dense[posting >> TF_BITS] = posting & TF_MASK;
    return dense;
  }

  private growDense(capacity: number): void {
    this.denseCapacity = capacity;
    this.denseCounts.forEach((dense, termId) => {
      if (!dense) return;
      const grown = new Uint8Array(capacity);
      grown.set(dense);
      this.denseCounts[termId] = grown;
    });
  }

  private computeNormSq(entries: readonly number[]): number {
    let sum = 0;
    for (const entry of entries) sum += (TF_WEIGHT[entry & TF_MASK]! * this.idf[entry >> TF_BITS]!) ** 2;
    return sum;
  }

  /** Every change of a document's length goes through here, so maxWeight stays a bound. */
  private setNormSq(slot: number, normSq: number): void {
    this.normSq[slot] = normSq;
    const invNorm = normSq > 0 ? 1 / Math.sqrt(normSq) : 0;
    this.invNorm[slot] = invNorm;
    for (const entry of this.docTerms[slot] ?? []) {
      const termId = entry >> TF_BITS;
      const weight = TF_WEIGHT[entry & TF_MASK]! * this.idf[termId]! * invNorm;
      if (weight > this.maxWeight[termId]!) this.maxWeight[termId] = weight;
    }
  }

  /** Brings the IDF table back within tolerance after the documents of these entries' terms changed. */
  private settle(changed: readonly number[]): void {
    if (Math.abs(Math.log((1 + this.docCount) / (1 + this.weightedCount))) > this.idfTolerance) {
      this.reweightAll();
      return;
    }
    for (const entry of changed) {
      const termId = entry >> TF_BITS;
      const df = this.df[termId]!;
      if (df === 0) continue;
      const target = idfOf(df, this.weightedCount);
      if (Math.abs(target - this.idf[termId]!) > this.idfTolerance) this.refreshTerm(termId, target);
    }
  }

  /** New IDF for one term: each of its documents' squared norm changes only in that term's part. */
  private refreshTerm(termId: number, idf: number): void {
    const delta = idf * idf - this.idf[termId]! ** 2;
    this.idf[termId] = idf;
    // Every document with the term is visited below, so its bound is rebuilt exactly.
    this.maxWeight[termId] = 0;
    for (const posting of this.postings[termId]!) {
      const slot = posting >> TF_BITS;
      this.setNormSq(slot, this.normSq[slot]! + TF_WEIGHT[posting & TF_MASK]! ** 2 * delta);
    }
  }
}
