// Evidence for answering from a passage or abstaining. A BM25 score alone cannot say "I'm sure":
// it grows with the length of the question and is comparable only within one search. What does
// carry across searches is how far the best page stands ahead of the next *different* page (two
// sections of one page agreeing is not doubt) and how much of the question the best passage covers.
import { fitLogistic } from './logistic-fit.js';
import type { PassageMatch } from './passage-index.js';

export interface SearchFeatures {
  /** BM25 score of the best hit (0 without hits). */
  topScore: number;
  /** (top − best hit on another page) / top: 1 when no other page matched, 0 on a tie. */
  margin: number;
  /** Share (0 … 1) of the query's distinct terms that the best hit contains. */
  coverage: number;
  /** Distinct terms the query was searched by. */
  queryTerms: number;
}

/** Features of one search: `queryTerms` as given by the index, `hits` best first. */
export function searchFeatures(queryTerms: readonly string[], hits: readonly PassageMatch[]): SearchFeatures {
  const top = hits[0];
  if (!top || queryTerms.length === 0 || top.score <= 0) return { topScore: 0, margin: 0, coverage: 0, queryTerms: queryTerms.length };
  const other = hits.find((h) => h.page !== top.page);
  const margin = other === undefined ? 1 : Math.max(0, (top.score - other.score) / top.score);
  const wanted = new Set(queryTerms);
  const matched = new Set(top.matchedTerms.filter((t) => wanted.has(t)));
  return { topScore: top.score, margin, coverage: matched.size / wanted.size, queryTerms: wanted.size };
}

/** Logistic weights over `confidenceInputs`: [bias, margin, coverage, log score per term]. */
export type ConfidenceWeights = readonly [number, number, number, number];

/** The inputs the logistic model weighs; the score is per query term so long questions do not look surer. */
export function confidenceInputs(f: SearchFeatures): [number, number, number] {
  return [f.margin, f.coverage, Math.log1p(f.topScore / Math.max(1, f.queryTerms))];
}

/**
 * Fitted by `npm run eval -- --kb` on the StackFAQ dev split (top-1 right or not); the test split
 * never saw them. Margin carries most of the evidence. Refit there when the analysis or boosts change
 * (last: unknown words matched one edit away and split words joined, see passage-index.ts). Other
 * evidence tried on dev added nothing over these three (coverage weighted by IDF, the margin in absolute
 * terms per query term or over the query's IDF mass, the next page's coverage, agreement with a
 * title-only or text-only search, the share of unknown words, the query's length): within ±1 point of
 * coverage at 97 % precision, in-sample and in 5-fold cross-validation.
 */
export const DEFAULT_CONFIDENCE_WEIGHTS: ConfidenceWeights = [-3.25, 9.29, 2.32, 0.44];

/** Probability (0 … 1) that the best hit answers the query. A search without hits is 0. */
export function passageConfidence(f: SearchFeatures, weights: ConfidenceWeights = DEFAULT_CONFIDENCE_WEIGHTS): number {
  if (f.topScore <= 0) return 0;
  const [bias, ...w] = weights;
  const z = confidenceInputs(f).reduce((sum, x, i) => sum + w[i]! * x, bias);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits the weights on searches whose outcome is known (was the best hit right?), starting from and
 * held near the defaults by a prior (`priorStrength` examples' worth per weight), so a small or
 * one-sided sample cannot swing them wildly.
 */
export function fitConfidenceWeights(
  features: readonly SearchFeatures[],
  isRight: readonly boolean[],
  priorStrength = 1,
): ConfidenceWeights {
  const answered = features.map((f, i) => ({ f, right: isRight[i]! })).filter(({ f }) => f.topScore > 0);
  const [bias, margin, coverage, score] = fitLogistic({
    rows: answered.map(({ f }) => confidenceInputs(f)),
    labels: answered.map(({ right }) => right),
    prior: DEFAULT_CONFIDENCE_WEIGHTS,
    priorStrength,
  });
  return [bias!, margin!, coverage!, score!];
}
