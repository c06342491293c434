// Isotonic regression (pool adjacent violators): the monotone map from a score to the observed rate
// of positives that fits best. Used to calibrate a model's scores on held-out outcomes without
// assuming their shape: a logistic model's top end was overconfident (0.90–0.95 answered 85 %).
import type { MonotoneMap } from '../domain/answer-confidence.js';

/**
 * Fits the map on (score, outcome) pairs. Each pooled block's rate is smoothed with one positive and
 * one negative pseudo-outcome, so a small block of all-right answers maps to below 1, not to 1.
 */
export function fitIsotonic(scores: readonly number[], outcomes: readonly boolean[]): MonotoneMap {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const blocks: { score: number; positives: number; count: number }[] = [];
  for (const i of order) {
    blocks.push({ score: scores[i]!, positives: outcomes[i] ? 1 : 0, count: 1 });
    // Pool while the last block's rate is not above the one before it (equal rates pool too, so
    // runs of one outcome form one block instead of many tiny ones).
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const before = blocks[blocks.length - 2]!;
      if (before.positives / before.count < last.positives / last.count) break;
      blocks.pop();
      blocks[blocks.length - 1] = {
        score: (before.score * before.count + last.score * last.count) / (before.count + last.count),
        positives: before.positives + last.positives,
        count: before.count + last.count,
      };
    }
  }
  return {
    scores: blocks.map((b) => b.score),
    probabilities: blocks.map((b) => (b.positives + 1) / (b.count + 2)),
  };
}
