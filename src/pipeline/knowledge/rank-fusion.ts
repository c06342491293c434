// Hybrid ranking of passages: the lexical (BM25) ranking and the ranking by cosine similarity of
// their vectors to the message's, fused by reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009):
// each passage scores Σ 1 / (k + rank) over the lists it appears in. Ranks, not scores, are fused,
// because a BM25 score and a cosine are on scales that cannot be compared or added.

/** The constant of the original paper: a high rank in one list counts, without drowning the other list. */
export const RRF_K = 60;

/** Ids in fused order, best first. Ties keep the order of the first list, then the second. */
export function reciprocalRankFusion(rankings: ReadonlyArray<readonly string[]>, k = RRF_K): string[] {
  const scores = new Map<string, { score: number; first: number }>();
  let seen = 0;
  for (const ranking of rankings) {
    ranking.forEach((id, rank) => {
      const entry = scores.get(id) ?? { score: 0, first: seen++ };
      entry.score += 1 / (k + rank + 1);
      scores.set(id, entry);
    });
  }
  return [...scores].sort(([, a], [, b]) => b.score - a.score || a.first - b.first).map(([id]) => id);
}

/** A vector scaled to unit length (null for a zero vector), so a dot product is a cosine. */
export function normalized(vector: Float32Array): Float32Array | null {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (sum === 0 || !Number.isFinite(sum)) return null;
  const norm = Math.sqrt(sum);
  return vector.map((x) => x / norm);
}

/**
 * The ids of the `limit` vectors nearest the query by cosine, nearest first; vectors of another
 * length (from another model) and those not pointing the query's way (cosine ≤ 0) are left out.
 * Both sides unit length. Brute force: 10,000 passages of 1,536 dimensions is ~15M multiply-adds.
 */
export function nearestByCosine(query: Float32Array, vectors: ReadonlyMap<string, Float32Array>, limit: number): string[] {
  const scored: { id: string; cosine: number }[] = [];
  for (const [id, vector] of vectors) {
    if (vector.length !== query.length) continue;
    let dot = 0;
    for (let i = 0; i < query.length; i++) dot += query[i]! * vector[i]!;
    if (dot > 0) scored.push({ id, cosine: dot });
  }
  return scored
    .sort((a, b) => b.cosine - a.cosine)
    .slice(0, limit)
    .map((s) => s.id);
}
