// What shadow mode measures: had Firstline answered every ticket whose best candidate reached a
// threshold, how many tickets would it have answered (coverage) and how often would the answer have
// been the one an agent gave (precision). An agent's answer is the reference: one who sent the
// suggestion unchanged agrees, one who edited or wrote another does not.
import type { ShadowAgreement } from './metrics.js';
/** The thresholds GET /admin/metrics reports; AUTO_RESOLVE_THRESHOLD is usually one of them. */
export const SHADOW_THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99] as const;

/** One shadow ticket an agent answered. */
export interface ShadowOutcome {
  /** The best candidate's answer confidence; null when it had none. */
  confidence: number | null;
  /** Whether the agent's answer had the best candidate's words. */
  agreed: boolean;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function shadowAgreement(outcomes: readonly ShadowOutcome[], thresholds: readonly number[] = SHADOW_THRESHOLDS): ShadowAgreement {
  return {
    tickets: outcomes.length,
    agreed: outcomes.filter((o) => o.agreed).length,
    byThreshold: thresholds.map((threshold) => {
      const covered = outcomes.filter((o) => o.confidence !== null && o.confidence >= threshold);
      return {
        threshold,
        coverage: share(covered.length, outcomes.length),
        precision: share(covered.filter((o) => o.agreed).length, covered.length),
      };
    }),
  };
}
