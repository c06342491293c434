// The open tickets of the last INCIDENT_WINDOW, searchable by text: which of them a new ticket is a
// near-duplicate of. A TF-IDF cosine index (SimilarTicketIndex) plus eviction by age, oldest first.

import { SimilarTicketIndex } from './similar-ticket-index.js';

export interface RecentMatch {
  id: string;
  /** Cosine similarity in (0, 1]. */
  score: number;
}

/** How many best matches a search considers; near-duplicates of one problem beyond this add nothing. */
const SEARCH_LIMIT = 20;

export class RecentTicketIndex {
  private readonly index = new SimilarTicketIndex<number>({ bigrams: false, ignoreStopWords: true });
  /** [createdAt ms, id], oldest first: what evict() drops first. */
  private readonly byAge: [number, string][] = [];
  private readonly createdAtOf = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  get size(): number {
    return this.index.size;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Adds (or re-adds) an open ticket. One already outside the window at `now` is not kept. */
  upsert(id: string, text: string, createdAt: Date, now: Date): void {
    const at = createdAt.getTime();
    if (at < now.getTime() - this.windowMs) {
      this.remove(id);
      return;
    }
    if (!this.createdAtOf.has(id)) {
      // Tickets mostly arrive in order: search back from the end for the insertion point.
      let i = this.byAge.length;
      while (i > 0 && this.byAge[i - 1]![0] > at) i--;
      this.byAge.splice(i, 0, [at, id]);
      this.createdAtOf.set(id, at);
    }
    this.index.upsert(id, text, at);
  }

  /** A ticket that is no longer open. Its age entry is dropped lazily by evict(). */
  remove(id: string): void {
    this.index.remove(id);
    this.createdAtOf.delete(id);
  }

  /** Drops every ticket created before the window that ends at `now`. */
  evict(now: Date): void {
    const start = now.getTime() - this.windowMs;
    let drop = 0;
    while (drop < this.byAge.length && this.byAge[drop]![0] < start) {
      const [at, id] = this.byAge[drop]!;
      // Only if it is still that entry (a re-added ticket keeps its first createdAt).
      if (this.createdAtOf.get(id) === at) this.remove(id);
      drop++;
    }
    if (drop > 0) this.byAge.splice(0, drop);
  }

  /** Open tickets in the window at least `minScore` alike, best first (at most 20), not `exceptId`. */
  similar(text: string, now: Date, minScore: number, exceptId?: string): RecentMatch[] {
    this.evict(now);
    return this.index
      .search(text, SEARCH_LIMIT + 1)
      .filter((m) => m.score >= minScore && m.id !== exceptId)
      .slice(0, SEARCH_LIMIT)
      .map((m) => ({ id: m.id, score: m.score }));
  }
}
