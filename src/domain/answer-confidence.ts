// Answer confidence: the probability that one candidate reply answers this message. The decision is
// taken on the best candidate's answer confidence, not on how sure the classifier is of an intent:
// a confident intent with a template that does not fit the message, or an out-of-pack topic filed
// under a broad intent, is exactly the wrong automatic answer this guards against.
//
// The estimate is a logistic model over evidence (below), one per kind of candidate. Until a
// deployment has history, a conservative default model is used; once agents and customers have
// labelled enough candidates, a model fitted on that history takes over (pipeline/learning/).

export const CANDIDATE_KINDS = ['solution', 'template'] as const;
/** `solution`: an answer a person wrote or vouched for earlier; `template`: an intent pack template. */
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/**
 * Evidence for a reused solution (an answer, grouped over the nearest resolved tickets that got it).
 * - `similarity`: cosine between the message and the nearest ticket that got this answer;
 * - `share`: this answer's share of the similarity mass of the nearest neighbours (agreement);
 * - `margin`: `similarity` minus the nearest ticket with a *different* answer (0 when none);
 * - `neighbours`: how many near neighbours got this answer, as min(n, 5) / 5;
 * - `intentAgreement`: the classifier's probability of the answer's intent, when it has one;
 * - `hasIntent`: 1 when the answer's tickets carry an intent (so `intentAgreement` means something);
 * - `trackRecord`: log-odds of how often it helped when sent (see trackRecordLogOdds).
 */
export const SOLUTION_FEATURES = ['similarity', 'share', 'margin', 'neighbours', 'intentAgreement', 'hasIntent', 'trackRecord'] as const;

/**
 * Evidence for an intent template.
 * - `intentProbability`: the classifier's calibrated probability of the template's intent;
 * - `intentMargin`: that probability minus the best other intent's;
 * - `familiarity`: how familiar the message's words are to the classifier (1 = typical);
 * - `keywordMatch`: the template's keywords found in the message, as min(n, 3) / 3;
 * - `trackRecord`: as for solutions.
 */
export const TEMPLATE_FEATURES = ['intentProbability', 'intentMargin', 'familiarity', 'keywordMatch', 'trackRecord'] as const;

export type SolutionFeature = (typeof SOLUTION_FEATURES)[number];
export type TemplateFeature = (typeof TEMPLATE_FEATURES)[number];
export type FeatureName = SolutionFeature | TemplateFeature;

export const FEATURES_OF: { readonly [K in CandidateKind]: readonly FeatureName[] } = {
  solution: SOLUTION_FEATURES,
  template: TEMPLATE_FEATURES,
};

export type Features = Partial<Record<FeatureName, number>>;

/** A logistic model: P(answers) = σ(bias + Σ weight·feature). Missing features count as 0. */
export interface LogisticModel {
  bias: number;
  weights: Partial<Record<FeatureName, number>>;
}

export interface AnswerModel {
  /** Identifies the model in the audit trail ("default", or "fit-<hash>"). */
  version: string;
  /** Labelled candidates it was fitted on (0 for the default). */
  examples: number;
  kinds: Record<CandidateKind, LogisticModel>;
}

/**
 * The conservative default, used while there is too little history to fit one. Hand-set, and
 * deliberately strict (with AUTO_RESOLVE_THRESHOLD 0.9):
 * - a solution is reused on its own only when the message is nearly the same as the resolved one
 *   (cosine ≳ 0.9 with no competing answer near it); two different answers equally near give
 *   under 0.2, and an agreeing neighbourhood at cosine 0.8 still escalates (0.72);
 * - a template needs a confident, familiar intent (calibrated probability ≳ 0.88) and at least
 *   one of its keywords in the message; a template with none is not even a candidate;
 * - ratings move both: the track record's log-odds count 2×, so with the prior of 2 + 2 one
 *   "not helpful" takes a 0.95 template to the line (0.895) and two well under it (0.83).
 */
export const DEFAULT_ANSWER_MODEL: AnswerModel = {
  version: 'default',
  examples: 0,
  kinds: {
    solution: {
      bias: -9,
      weights: { similarity: 7, share: 3, margin: 2.5, neighbours: 1, intentAgreement: 1.5, trackRecord: 2 },
    },
    template: {
      bias: -8,
      weights: { intentProbability: 8, intentMargin: 1.5, familiarity: 1.5, keywordMatch: 1.5, trackRecord: 2 },
    },
  },
};

/** Prior of the track record: as if every answer had been rated helpful twice and not helpful twice. */
export const TRACK_RECORD_PRIOR = 2;

/** How often an answer helped when sent: posterior log-odds, 0 with no ratings. */
export function trackRecordLogOdds(record: { helpful: number; notHelpful: number }): number {
  return Math.log((record.helpful + TRACK_RECORD_PRIOR) / (record.notHelpful + TRACK_RECORD_PRIOR));
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The model's logit for these features (only the kind's own features count). */
export function answerLogit(model: LogisticModel, kind: CandidateKind, features: Features): number {
  let z = model.bias;
  for (const name of FEATURES_OF[kind]) {
    const value = features[name];
    if (typeof value === 'number' && Number.isFinite(value)) z += (model.weights[name] ?? 0) * value;
  }
  return z;
}

/** P(this candidate answers the message) under the model. */
export function answerConfidence(model: AnswerModel, kind: CandidateKind, features: Features): number {
  return sigmoid(answerLogit(model.kinds[kind], kind, features));
}
