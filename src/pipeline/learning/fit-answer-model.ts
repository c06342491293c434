// Fits answer confidence on the deployment's own history: every candidate whose outcome is known
// (an agent answered the ticket, or a customer rated an automatic answer), with the evidence it had
// when it was weighed. Those features were computed before the outcome existed, so the fit is on
// out-of-sample data by construction, like the classifier's out-of-fold calibration.
//
// The fit starts from the conservative default and is held to it by a Gaussian prior (precision
// PRIOR_STRENGTH per weight): with a little history it barely moves, and it follows the history as
// that grows. A kind with too few outcomes keeps the default.
//
// A linear logistic model ranks candidates well but was not calibrated at its top end, which is
// the only end that matters here (on the Banking77 stream, 0.90–0.95 answered 85 % and 0.95–0.98
// 93 %). So its logits are recalibrated by isotonic regression on out-of-fold logits: each fold's
// model scores the examples it was not fitted on, and the monotone map from those honest scores to
// observed outcomes is what turns a logit into an answer confidence.
import { createHash } from 'node:crypto';
import {
  answerLogit,
  CANDIDATE_KINDS,
  DEFAULT_ANSWER_MODEL,
  FEATURES_OF,
  type AnswerModel,
  type CandidateKind,
  type LogisticModel,
} from '../../domain/answer-confidence.js';
import type { LabelledCandidate } from '../../domain/pipeline-ports.js';
import { fitIsotonic } from '../../nlp/isotonic.js';
import { fitLogistic } from '../../nlp/logistic-fit.js';

/**
 * Below this many labelled candidates a kind keeps the default. Both outcomes are not required: a
 * kind that never answers (the pack's templates on another business's questions) must learn that.
 */
export const MIN_OUTCOMES = 50;
const PRIOR_STRENGTH = 5;

const FOLDS = 5;
const round = (x: number) => Math.round(x * 1000) / 1000;

function fitWeights(kind: CandidateKind, examples: readonly LabelledCandidate[], start: LogisticModel): LogisticModel {
  const names = FEATURES_OF[kind];
  const theta = fitLogistic({
    rows: examples.map((e) => names.map((n) => e.features[n] ?? 0)),
    labels: examples.map((e) => e.answered),
    prior: [start.bias, ...names.map((n) => start.weights[n] ?? 0)],
    priorStrength: PRIOR_STRENGTH,
  });
  return { bias: round(theta[0]!), weights: Object.fromEntries(names.map((n, j) => [n, round(theta[j + 1]!)])) };
}

function fitKind(kind: CandidateKind, examples: readonly LabelledCandidate[], start: LogisticModel): { model: LogisticModel; examples: number } {
  const own = examples.filter((e) => e.kind === kind);
  if (own.length < MIN_OUTCOMES) return { model: start, examples: 0 };
  // Interleaved folds: every fold spans the whole period, so no fold is scored by a model of another era.
  const outOfFold: number[] = new Array<number>(own.length);
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fitWeights(
      kind,
      own.filter((_, i) => i % FOLDS !== fold),
      start,
    );
    own.forEach((e, i) => {
      if (i % FOLDS === fold) outOfFold[i] = answerLogit(model, kind, e.features);
    });
  }
  const calibration = fitIsotonic(
    outOfFold,
    own.map((e) => e.answered),
  );
  return { model: { ...fitWeights(kind, own, start), calibration }, examples: own.length };
}

/** The model for this history: the default where there is too little, fitted where there is enough. */
export function fitAnswerModel(examples: readonly LabelledCandidate[], start: AnswerModel = DEFAULT_ANSWER_MODEL): AnswerModel {
  const fitted = Object.fromEntries(CANDIDATE_KINDS.map((kind) => [kind, fitKind(kind, examples, start.kinds[kind])])) as Record<
    CandidateKind,
    { model: LogisticModel; examples: number }
  >;
  const used = CANDIDATE_KINDS.reduce((sum, k) => sum + fitted[k].examples, 0);
  if (used === 0) return start;
  const kinds = { solution: fitted.solution.model, template: fitted.template.model };
  const version = `fit-${createHash('sha256').update(JSON.stringify(kinds)).digest('hex').slice(0, 10)}`;
  return { version, examples: used, kinds };
}
