// Isotonic regression (pool adjacent violators): the monotone map from a score to the observed rate
// of positives that fits best. Used to calibrate a model's scores on held-out outcomes without
// assuming their shape: a logistic model's top end was overconfident (0.90–0.95 answered 85 %).
import type { MonotoneMap } from '../domain/answer-confidence.js';

/** Pseudo-outcomes at the overall rate added to every block, so a small block cannot claim 0 or 1. */
const SMOOTHING = 2;

interface Block {
  score: number;
  rate: number;
  count: number;
}

/** Pools adjacent blocks (weighted) while a rate is not above the one before it. */
function pool(blocks: Iterable<Block>): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    out.push(block);
    while (out.length > 1) {
      const last = out[out.length - 1]!;
      const before = out[out.length - 2]!;
      if (before.rate < last.rate) break;
      out.pop();
      const count = before.count + last.count;
      out[out.length - 1] = {
        score: (before.score * before.count + last.score * last.count) / count,
        rate: (before.rate * before.count + last.rate * last.count) / count,
        count,
      };
    }
  }
  return out;
}

/**
 * Fits the map on (score, outcome) pairs: pool adjacent violators (equal rates pool too, so runs of
 * one outcome form one block), then each block's rate is shrunk toward the overall rate by
 * SMOOTHING pseudo-outcomes, so a handful of right answers at the top maps below 1, and pooled
 * again, since shrinking blocks of different sizes can leave one a hair below the one before.
 */
export function fitIsotonic(scores: readonly number[], outcomes: readonly boolean[]): MonotoneMap {
  if (scores.length === 0) return { scores: [], probabilities: [] };
  const base = outcomes.filter(Boolean).length / outcomes.length;
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const raw = pool(order.map((i) => ({ score: scores[i]!, rate: outcomes[i] ? 1 : 0, count: 1 })));
  const smoothed = pool(raw.map((b) => ({ ...b, rate: (b.rate * b.count + SMOOTHING * base) / (b.count + SMOOTHING) })));
  return { scores: smoothed.map((b) => b.score), probabilities: smoothed.map((b) => b.rate) };
}
