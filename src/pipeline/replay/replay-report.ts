// The figures a deployer chooses AUTO_RESOLVE_THRESHOLD by, from a replay's outcomes: for each
// threshold, how many tickets would have been answered automatically and how many of those answers
// were right; the lowest threshold whose precision meets the target; and, at that threshold, the
// same per intent. The first `warmup` rows are left out: nothing could have been learned yet.
import type { EscalationReason } from '../../domain/decide.js';
import type { ReplayOutcome } from './replay-history.js';

/** 0.50, 0.55, …, 0.95, then 0.96 … 0.99, where the choice usually lies. */
export const REPLAY_THRESHOLDS: readonly number[] = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 96, 97, 98, 99].map((h) => h / 100);

export interface ThresholdFigures {
  threshold: number;
  /** Rows that would have been answered automatically. */
  answered: number;
  /** …with the right answer. */
  right: number;
  /** answered / rows counted (0 when none counted). */
  coverage: number;
  /** right / answered; null when nothing was answered. */
  precision: number | null;
}

export interface IntentFigures extends Omit<ThresholdFigures, 'threshold'> {
  /** The row's intent, or `none`. */
  intent: string;
  rows: number;
}

export interface ReplayReport {
  rows: { total: number; warmup: number; counted: number };
  targetPrecision: number;
  thresholds: ThresholdFigures[];
  /** The lowest threshold whose precision meets the target; null when none does. */
  recommended: ThresholdFigures | null;
  /** Per intent at the recommended threshold, or at the strictest one when none meets the target. */
  perIntent: { threshold: number; intents: IntentFigures[] };
  /** Counted rows no threshold would have answered, by the reason they would go to a person. */
  neverAnswered: Partial<Record<EscalationReason, number>>;
}

export interface ReportOptions {
  targetPrecision: number;
  /** Leading rows left out of the figures. */
  warmup: number;
  thresholds?: readonly number[];
}

const isAnsweredAt = (threshold: number) => (o: ReplayOutcome) =>
  o.isEligible && o.confidence !== null && o.confidence >= Math.max(threshold, o.floor);

function figures(outcomes: readonly ReplayOutcome[], threshold: number): Omit<ThresholdFigures, 'threshold'> {
  const answered = outcomes.filter(isAnsweredAt(threshold));
  const right = answered.filter((o) => o.isRight).length;
  return {
    answered: answered.length,
    right,
    coverage: outcomes.length === 0 ? 0 : answered.length / outcomes.length,
    precision: answered.length === 0 ? null : right / answered.length,
  };
}

export function reportReplay(outcomes: readonly ReplayOutcome[], options: ReportOptions): ReplayReport {
  const thresholds = [...(options.thresholds ?? REPLAY_THRESHOLDS)].sort((a, b) => a - b);
  if (thresholds.length === 0) throw new RangeError('give at least one threshold');
  const warmup = Math.min(options.warmup, outcomes.length);
  const counted = outcomes.slice(warmup);
  const table = thresholds.map((threshold) => ({ threshold, ...figures(counted, threshold) }));
  const recommended = table.find((t) => t.precision !== null && t.precision >= options.targetPrecision) ?? null;
  const perIntentAt = recommended?.threshold ?? thresholds[thresholds.length - 1]!;

  const byIntent = new Map<string, ReplayOutcome[]>();
  for (const o of counted) {
    const rows = byIntent.get(o.intent);
    if (rows) rows.push(o);
    else byIntent.set(o.intent, [o]);
  }
  const intents = [...byIntent]
    .map(([intent, rows]) => ({ intent, rows: rows.length, ...figures(rows, perIntentAt) }))
    .sort((a, b) => b.rows - a.rows || a.intent.localeCompare(b.intent));

  const neverAnswered: ReplayReport['neverAnswered'] = {};
  for (const o of counted) if (o.reason !== null) neverAnswered[o.reason] = (neverAnswered[o.reason] ?? 0) + 1;

  return {
    rows: { total: outcomes.length, warmup, counted: counted.length },
    targetPrecision: options.targetPrecision,
    thresholds: table,
    recommended,
    perIntent: { threshold: perIntentAt, intents },
    neverAnswered,
  };
}
