// Whether near-duplicate reports arrive as a burst: much faster than messages like them usually do.
// Pure: the counts come from the recent-ticket index (src/nlp/recent-ticket-index.ts), the decision
// is here.
//
// The statistic: messages alike arrive as a Poisson process whose rate is estimated from the
// baseline window (the hours before the burst window). A report is part of a burst when the burst
// window holds (1) at least `minReports` reporters, (2) at least `minRatio` times what the baseline
// rate predicts, and (3) a count the baseline rate makes improbable: P(X ≥ count) ≤ `maxProbability`
// for X ~ Poisson(expected). (3) alone says "not chance", which at high volumes is true of a mere
// 30 % rise (a Monday morning), so (2) asks for "much faster"; (1) keeps two people who happen to
// hit the same rare problem from being an incident. The baseline gets one pseudo-report, as if one
// message alike had come in it: a message never seen before has a small expected count, not zero,
// so the probability stays a probability and the ratio stays finite.
//
// A young deployment has less history than the baseline window: its baseline rate is taken over the
// history it has (at least one burst window), not over hours in which it did not exist yet. Else its
// first three people asking the same common question within minutes would be "a burst" against an
// empty six hours.

export interface BurstSettings {
  /** The short window the count is taken over, ending now. */
  burstMs: number;
  /** The whole window looked back over; the baseline is its part before the burst window. */
  baselineMs: number;
  /** Fewest distinct reporters in the burst window (this report included). */
  minReports: number;
  /** Fewest times the expected count the burst window must hold. */
  minRatio: number;
  /** Largest Poisson tail probability of the count that still counts as a burst. */
  maxProbability: number;
}

export interface BurstCounts {
  /** Distinct reporters of messages alike in the burst window, this report's included. */
  recent: number;
  /** Messages alike in the baseline window (before the burst window). */
  baseline: number;
  /**
   * How long tickets have been arriving before the burst window (since the deployment's first ticket);
   * absent: at least the whole baseline window.
   */
  historyMs?: number;
}

export interface BurstAssessment {
  isBurst: boolean;
  /** The count the baseline predicts for the burst window (with its pseudo-report). */
  expected: number;
  /** P(X ≥ recent) for X ~ Poisson(expected). */
  probability: number;
}

/** As if one message alike had come in the baseline window: see the file's comment. */
const BASELINE_PSEUDO_COUNT = 1;

/**
 * P(X ≥ k) for X ~ Poisson(lambda), accurate in the tail: above the mean the terms from k upwards
 * are summed (they fall at once), below it 1 − the terms under k. Terms are taken in log space so a
 * large lambda does not underflow e^−lambda.
 */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const logLambda = Math.log(lambda);
  let logFactorial = 0;
  for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
  const logTermK = -lambda + k * logLambda - logFactorial;
  if (k > lambda) {
    let sum = 0;
    let logTerm = logTermK;
    for (let i = k; ; i++) {
      const term = Math.exp(logTerm);
      sum += term;
      if (term <= sum * 1e-17 || i > k + 10_000) break;
      logTerm += logLambda - Math.log(i + 1);
    }
    return Math.min(1, sum);
  }
  // Below the mean: the terms under k, from k − 1 down.
  let below = 0;
  let logTerm = logTermK - logLambda + Math.log(k);
  for (let i = k - 1; i >= 0; i--) {
    below += Math.exp(logTerm);
    logTerm += Math.log(i) - logLambda;
  }
  return Math.max(0, 1 - below);
}

/** The expected count in the burst window from the baseline's rate, over the history there is (see the file's comment). */
export function expectedCount(
  baseline: number,
  settings: Pick<BurstSettings, 'burstMs' | 'baselineMs'>,
  historyMs: number = Infinity,
): number {
  const baselineMs = Math.max(Math.min(settings.baselineMs - settings.burstMs, historyMs), settings.burstMs);
  return ((baseline + BASELINE_PSEUDO_COUNT) * settings.burstMs) / baselineMs;
}

/** Whether this many reporters in the burst window, against this baseline, are a burst. */
export function assessBurst(counts: BurstCounts, settings: BurstSettings): BurstAssessment {
  const expected = expectedCount(counts.baseline, settings, counts.historyMs);
  const probability = poissonTail(counts.recent, expected);
  const isBurst =
    counts.recent >= settings.minReports && counts.recent >= settings.minRatio * expected && probability <= settings.maxProbability;
  return { isBurst, expected, probability };
}
