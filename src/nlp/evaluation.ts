// Offline evaluation figures for choosing an auto-resolve threshold. Pure functions.
import { UNKNOWN_INTENT } from '../domain/decide.js';

export interface ScoredPrediction {
  /** The true intent; `unknown` for out-of-scope messages. */
  label: string;
  intent: string;
  confidence: number;
}

export interface ThresholdRow {
  threshold: number;
  /** Share of in-scope messages answered automatically. */
  coverage: number;
  /** Share of automatic answers that were right (an answered out-of-scope message is wrong). */
  precision: number | null;
  answered: number;
  /** Out-of-scope messages that would be answered automatically. */
  outOfScopeAnswered: number;
}

const isAnswered = (p: ScoredPrediction, threshold: number): boolean => p.intent !== UNKNOWN_INTENT && p.confidence >= threshold;

export function accuracy(predictions: readonly ScoredPrediction[]): number {
  if (predictions.length === 0) return 0;
  return predictions.filter((p) => p.intent === p.label).length / predictions.length;
}

/** Mean of per-label F1 over the labels that occur in the data. */
export function macroF1(predictions: readonly ScoredPrediction[]): number {
  const labels = new Set(predictions.map((p) => p.label));
  let total = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of predictions) {
      if (p.intent === label && p.label === label) tp++;
      else if (p.intent === label) fp++;
      else if (p.label === label) fn++;
    }
    total += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return labels.size === 0 ? 0 : total / labels.size;
}

export function thresholdRow(predictions: readonly ScoredPrediction[], threshold: number): ThresholdRow {
  return { threshold, ...answeredFigures(predictions, (p) => isAnswered(p, threshold)) };
}

/**
 * Like thresholdRow, but each prediction is answered at its own threshold (null: never), e.g. the
 * one chosen in its cross-validation fold, so the threshold choice is evaluated too.
 */
export function ownThresholdRow(
  predictions: readonly (ScoredPrediction & { threshold: number | null })[],
): Omit<ThresholdRow, 'threshold'> {
  return answeredFigures(predictions, (p) => p.threshold !== null && isAnswered(p, p.threshold));
}

function answeredFigures<P extends ScoredPrediction>(
  predictions: readonly P[],
  answers: (p: P) => boolean,
): Omit<ThresholdRow, 'threshold'> {
  const inScope = predictions.filter((p) => p.label !== UNKNOWN_INTENT);
  const answered = predictions.filter(answers);
  const right = answered.filter((p) => p.intent === p.label).length;
  return {
    coverage: inScope.length === 0 ? 0 : inScope.filter(answers).length / inScope.length,
    precision: answered.length === 0 ? null : right / answered.length,
    answered: answered.length,
    outOfScopeAnswered: answered.filter((p) => p.label === UNKNOWN_INTENT).length,
  };
}

/**
 * The lowest threshold (most coverage) whose automatic answers reach the target precision, or
 * null when none does. Candidates are the confidences themselves.
 */
export function thresholdForPrecision(predictions: readonly ScoredPrediction[], target: number, minAnswered = 20): number | null {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  let answered = 0;
  let right = 0;
  let best: number | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.intent !== UNKNOWN_INTENT) {
      answered++;
      if (p.intent === p.label) right++;
    }
    // Only between distinct confidences can a threshold separate messages.
    const next = sorted[i + 1];
    if (next && next.confidence === p.confidence) continue;
    if (answered >= minAnswered && right / answered >= target) best = p.confidence;
  }
  return best;
}

export interface LabelFigures {
  label: string;
  /** Messages with this true label. */
  support: number;
  /** Share of predictions of this label that were right; null when it was never predicted. */
  precision: number | null;
  /** Share of this label's messages predicted as it; null when it has none. */
  recall: number | null;
}

/** Precision and recall of every label that occurs as a true label or a prediction, by label name. */
export function perLabelFigures(predictions: readonly ScoredPrediction[]): LabelFigures[] {
  const labels = [...new Set(predictions.flatMap((p) => [p.label, p.intent]))].sort();
  return labels.map((label) => {
    let tp = 0;
    let predicted = 0;
    let support = 0;
    for (const p of predictions) {
      if (p.intent === label) predicted++;
      if (p.label === label) support++;
      if (p.intent === label && p.label === label) tp++;
    }
    return { label, support, precision: predicted === 0 ? null : tp / predicted, recall: support === 0 ? null : tp / support };
  });
}
