// Fits answer confidence on the deployment's own history: every candidate whose outcome is known
// (an agent answered the ticket, or a customer rated an automatic answer), with the evidence it had
// when it was weighed. Those features were computed before the outcome existed, so the fit is on
// out-of-sample data by construction, like the classifier's out-of-fold calibration.
//
// The fit starts from the conservative default and is held to it by a prior worth PRIOR_STRENGTH
// examples per weight: with a little history it barely moves, and it follows the history as that
// grows. A kind with too few outcomes of either sort keeps the default.
import { createHash } from 'node:crypto';
import {
  CANDIDATE_KINDS,
  DEFAULT_ANSWER_MODEL,
  FEATURES_OF,
  type AnswerModel,
  type CandidateKind,
  type LogisticModel,
} from '../../domain/answer-confidence.js';
import type { LabelledCandidate } from '../../domain/pipeline-ports.js';
import { fitLogistic } from '../../nlp/logistic-fit.js';

/** Below this many answered and this many not-answered candidates, a kind keeps the default. */
export const MIN_OUTCOMES = 20;
const PRIOR_STRENGTH = 5;

function fitKind(kind: CandidateKind, examples: readonly LabelledCandidate[], start: LogisticModel): { model: LogisticModel; examples: number } {
  const own = examples.filter((e) => e.kind === kind);
  const answered = own.filter((e) => e.answered).length;
  if (answered < MIN_OUTCOMES || own.length - answered < MIN_OUTCOMES) return { model: start, examples: 0 };
  const names = FEATURES_OF[kind];
  const theta = fitLogistic({
    rows: own.map((e) => names.map((n) => e.features[n] ?? 0)),
    labels: own.map((e) => e.answered),
    prior: [start.bias, ...names.map((n) => start.weights[n] ?? 0)],
    priorStrength: PRIOR_STRENGTH,
  });
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { model: { bias: round(theta[0]!), weights: Object.fromEntries(names.map((n, j) => [n, round(theta[j + 1]!)])) }, examples: own.length };
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
