// The tickets of a recent window (the burst detector's baseline window), searchable by text: which
// of them a new ticket is a near-duplicate of, with evict-by-age, oldest first.
//
// Cosine over sublinear term counts (1 + ln tf) of stemmed words without stop words, and no IDF on
// purpose: the window's own IDF would fall for exactly the words a burst of reports shares, so the
// more customers report one outage, the less alike their reports would look. An inverted index
// keeps a search to the tickets that share a word with it.
import { termCounts, type TermOptions } from './similarity-terms.js';

export interface RecentMatch {
  id: string;
  /** Cosine similarity in (0, 1]. */
  score: number;
}

/** A match with what the burst detector counts: when it came and from whom. */
export interface TimedMatch extends RecentMatch {
  createdAt: number;
  reporter: string;
}

/** How many best matches a search returns; near-duplicates of one problem beyond this add nothing. */
const SEARCH_LIMIT = 20;
const TERMS: TermOptions = { bigrams: false, ignoreStopWords: true };

interface Doc {
  id: string;
  reporter: string;
  createdAt: number;
  terms: Map<string, number>;
  norm: number;
}

function weighted(text: string): { terms: Map<string, number>; norm: number } {
  const terms = new Map<string, number>();
  let sq = 0;
  for (const [term, count] of termCounts(text, TERMS)) {
    const w = 1 + Math.log(count);
    terms.set(term, w);
    sq += w * w;
  }
  return { terms, norm: Math.sqrt(sq) };
}

export class RecentTicketIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly docs: (Doc | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly postings = new Map<string, Set<number>>();
  /** [createdAt ms, id], oldest first: what evict() drops first. */
  private readonly byAge: [number, string][] = [];
  private dots = new Float64Array(0);

  constructor(private readonly windowMs: number) {}

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /**
   * Adds (or replaces) a ticket; `reporter` (its requester) tells reports of many people from one
   * person's repeats. One already outside the window at `now` is not kept.
   */
  upsert(id: string, text: string, createdAt: Date, now: Date, reporter: string = id): void {
    const at = createdAt.getTime();
    const previous = this.slotOf.get(id);
    if (previous !== undefined) this.drop(previous);
    if (at < now.getTime() - this.windowMs) return;
    const slot = this.free.pop() ?? this.docs.length;
    const { terms, norm } = weighted(text);
    this.docs[slot] = { id, reporter, createdAt: at, terms, norm };
    this.slotOf.set(id, slot);
    for (const term of terms.keys()) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Set()));
      posting.add(slot);
    }
    // Tickets mostly arrive in order: search back from the end for the insertion point.
    let i = this.byAge.length;
    while (i > 0 && this.byAge[i - 1]![0] > at) i--;
    this.byAge.splice(i, 0, [at, id]);
  }

  /** A ticket that no longer counts. Its age entry is dropped lazily by evict(). */
  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot !== undefined) this.drop(slot);
  }

  /** Drops every ticket created before the window that ends at `now`. */
  evict(now: Date): void {
    const start = now.getTime() - this.windowMs;
    let n = 0;
    while (n < this.byAge.length && this.byAge[n]![0] < start) {
      const [at, id] = this.byAge[n]!;
      const slot = this.slotOf.get(id);
      // Only if it is still that entry (a re-added ticket has an entry of its own).
      if (slot !== undefined && this.docs[slot]!.createdAt === at) this.drop(slot);
      n++;
    }
    if (n > 0) this.byAge.splice(0, n);
  }

  /** Tickets in the window at least `minScore` alike, best first (at most 20), not `exceptId`. */
  similar(text: string, now: Date, minScore: number, exceptId?: string): RecentMatch[] {
    return this.matches(text, now, minScore, exceptId)
      .map(({ id, score }) => ({ id, score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, SEARCH_LIMIT);
  }

  /**
   * Every ticket in the window at least `minScore` alike, not `exceptId`, in no order: what the
   * burst detector counts (a common question may have hundreds).
   */
  matches(text: string, now: Date, minScore: number, exceptId?: string): TimedMatch[] {
    this.evict(now);
    const query = weighted(text);
    if (query.norm === 0 || this.size === 0) return [];
    if (this.dots.length < this.docs.length) this.dots = new Float64Array(Math.max(this.docs.length, this.dots.length * 2, 64));
    const touched: number[] = [];
    for (const [term, weight] of query.terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      for (const slot of posting) {
        if (this.dots[slot] === 0) touched.push(slot);
        this.dots[slot]! += weight * this.docs[slot]!.terms.get(term)!;
      }
    }
    const matches: TimedMatch[] = [];
    for (const slot of touched) {
      const doc = this.docs[slot]!;
      const score = this.dots[slot]! / (query.norm * doc.norm);
      this.dots[slot] = 0;
      if (score >= minScore && doc.id !== exceptId) {
        matches.push({ id: doc.id, score: Math.min(1, score), createdAt: doc.createdAt, reporter: doc.reporter });
      }
    }
    return matches;
  }

  private drop(slot: number): void {
    const doc = this.docs[slot]!;
    for (const term of doc.terms.keys()) {
      const posting = this.postings.get(term)!;
      posting.delete(slot);
      if (posting.size === 0) this.postings.delete(term);
    }
    this.docs[slot] = undefined;
    this.slotOf.delete(doc.id);
    this.free.push(slot);
  }
}
