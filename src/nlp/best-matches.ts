// The k best-scoring documents of a lookup, kept in a small sorted array: k is a handful and the
// candidates can be tens of thousands, so a full sort of them would cost more than the lookup.

export interface ScoredSlot {
  slot: number;
  score: number;
}

export class BestMatches {
  private readonly kept: ScoredSlot[] = [];

  /** `idOf` breaks ties (smaller id first) so equal scores always come back in the same order. */
  constructor(
    private readonly limit: number,
    private readonly idOf: (slot: number) => string,
  ) {}

  /** Keeps the candidate if it is among the best so far; scores ≤ 0 never are. */
  offer(slot: number, score: number): void {
    if (!(score > 0)) return;
    const { kept, limit } = this;
    if (kept.length === limit && !this.isBetter(slot, score, kept[limit - 1]!)) return;
    let at = kept.length;
    while (at > 0 && this.isBetter(slot, score, kept[at - 1]!)) at--;
    kept.splice(at, 0, { slot, score });
    if (kept.length > limit) kept.pop();
  }

  get isFull(): boolean {
    return this.kept.length === this.limit;
  }

  /** Lowest score that could still be kept (ties are decided by id); 0 until `limit` are kept. */
  get floor(): number {
    return this.kept.length < this.limit ? 0 : this.kept[this.limit - 1]!.score;
  }

  /** Best first. */
  sorted(): readonly ScoredSlot[] {
    return this.kept;
  }

  private isBetter(slot: number, score: number, than: ScoredSlot): boolean {
    return score > than.score || (score === than.score && this.idOf(slot) < this.idOf(than.slot));
  }
}
