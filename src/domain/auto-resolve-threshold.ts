// The deployment's auto-resolve threshold: AUTO_RESOLVE_THRESHOLD from the environment, unless an
// admin set another at run time (console Tuning, PUT /admin/settings/auto-resolve-threshold). And
// the threshold a shadow period's figures imply for a target precision.
import type { ShadowAgreement } from './metrics.js';

/**
 * What an admin may set: below 0.5 a coin toss would answer customers; 1 would answer nobody (shadow
 * mode, or AUTO_RESOLVE_MODE, is the way to stop answering).
 */
export const THRESHOLD_RANGE = { min: 0.5, max: 0.99 } as const;

export const isThresholdInRange = (value: number): boolean =>
  Number.isFinite(value) && value >= THRESHOLD_RANGE.min && value <= THRESHOLD_RANGE.max;

export interface ThresholdInForce {
  value: number;
  /** `override`: an admin's setting; `environment`: AUTO_RESOLVE_THRESHOLD. */
  source: 'override' | 'environment';
}

export function thresholdInForce(environment: number, override: number | null): ThresholdInForce {
  return override === null ? { value: environment, source: 'environment' } : { value: override, source: 'override' };
}

/**
 * The lowest threshold whose precision met the target in the shadow period (the same rule as the
 * replay's recommendation); null when none did, or no threshold covered a ticket.
 */
export function impliedThreshold(byThreshold: ShadowAgreement['byThreshold'], targetPrecision: number): number | null {
  const sorted = [...byThreshold].sort((a, b) => a.threshold - b.threshold);
  return sorted.find((t) => t.precision !== null && t.precision >= targetPrecision)?.threshold ?? null;
}
