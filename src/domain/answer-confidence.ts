// Answer confidence: the probability that one candidate reply answers this message. The decision is
// taken on the best candidate's answer confidence, not on how sure the classifier is of an intent:
// a confident intent with a template that does not fit the message, or an out-of-pack topic filed
// under a broad intent, is exactly the wrong automatic answer this guards against.
//
// The estimate is a logistic model over evidence (below), one per kind of candidate. Until a
// deployment has history, a conservative default model is used; once agents and customers have
// labelled enough candidates, a model fitted on that history takes over (pipeline/learning/).

export const CANDIDATE_KINDS = ['solution', 'template', 'passage'] as const;
/**
 * `solution`: an answer a person wrote or vouched for earlier; `template`: an intent pack template;
 * `passage`: a section of the deployer's own docs (a knowledge source).
 */
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/**
 * Evidence for a reused solution (an answer, grouped over the nearest resolved tickets that got it).
 * - `similarity`: cosine between the message and the nearest ticket that got this answer;
 * - `share`: this answer's share of the similarity mass of the nearest neighbours (agreement);
 * - `margin`: `similarity` minus the nearest ticket with a *different* answer (0 when none);
 * - `neighbours`: how many near neighbours got this answer, as min(n, 5) / 5;
 * - `intentAgreement`: the classifier's probability of the answer's intent, when it has one;
 * - `hasIntent`: 1 when the answer's tickets carry an intent (so `intentAgreement` means something);
 * - `answerProbability`: the classifier's probability of the answer itself, once agents have given
 *   it often enough to be a class of its own (see ANSWER_CLASS_PREFIX); 0 before;
 * - `answerMargin`: `answerProbability` minus the likeliest other class's probability;
 * - `familiarity`: how familiar the message's words are to the classifier (1 = typical);
 * - `trackRecord`: log-odds of how often it helped when sent (see trackRecordLogOdds);
 * - `answerLogOdds`: `answerProbability` as log-odds, derived (see DERIVED), not stored;
 * - `rivalLogOdds`: the likeliest *other* class's probability (`answerProbability` − `answerMargin`)
 *   as log-odds, derived: the classifier sure of another answer is evidence against this one.
 */
export const SOLUTION_FEATURES = [
  'similarity',
  'share',
  'margin',
  'neighbours',
  'intentAgreement',
  'hasIntent',
  'answerProbability',
  'answerMargin',
  'familiarity',
  'trackRecord',
  'answerLogOdds',
  'rivalLogOdds',
] as const;

/**
 * Evidence for an intent template.
 * - `intentProbability`: the classifier's calibrated probability of the template's intent;
 * - `intentMargin`: that probability minus the best other intent's;
 * - `familiarity`: how familiar the message's words are to the classifier (1 = typical);
 * - `keywordMatch`: the template's keywords found in the message, as min(n, 3) / 3;
 * - `keywordBehind`: how many more keywords the best-matching sibling template of the same intent
 *   has, as min(n, 3) / 3 (0 when this one matches most): a template a sibling fits better is
 *   unlikely to be the answer, even once that sibling has been rated down;
 * - `trackRecord`: as for solutions.
 */
export const TEMPLATE_FEATURES = [
  'intentProbability',
  'intentMargin',
  'familiarity',
  'keywordMatch',
  'keywordBehind',
  'trackRecord',
] as const;

/**
 * Evidence for a passage of the deployer's docs (see PassageEvidence in domain/ports/knowledge.ts).
 * - `retrievalMargin`: how far it stands ahead of the best passage of another page, in [−1, 1];
 * - `termCoverage`: the share of the message's search terms it contains;
 * - `scorePerTerm`: its BM25 score per search term, log-scaled;
 * - `intentAgreement`: the classifier's probability, for the message, of the intent it gives the
 *   section itself (0 when it gives it none): a section about refunds for a message about logging in
 *   is suspect however many words they share. Weighed 0 by default and learnt from history: how much
 *   it says depends on how well the deployment's intents cover its docs;
 * - `trackRecord`: as for solutions, per passage (its content hash: a rewritten section starts afresh).
 */
export const PASSAGE_FEATURES = ['retrievalMargin', 'termCoverage', 'scorePerTerm', 'intentAgreement', 'trackRecord'] as const;

export type SolutionFeature = (typeof SOLUTION_FEATURES)[number];
export type TemplateFeature = (typeof TEMPLATE_FEATURES)[number];
export type PassageFeature = (typeof PASSAGE_FEATURES)[number];
export type FeatureName = SolutionFeature | TemplateFeature | PassageFeature;

export const FEATURES_OF: { readonly [K in CandidateKind]: readonly FeatureName[] } = {
  solution: SOLUTION_FEATURES,
  template: TEMPLATE_FEATURES,
  passage: PASSAGE_FEATURES,
};

export type Features = Partial<Record<FeatureName, number>>;

/**
 * Which way each piece of evidence may move answer confidence: +1 only up, −1 only down, 0 either.
 * A fit keeps every weight on its side (pipeline/learning/fit-answer-model.ts): a deployment's
 * history can say a piece of evidence counts for little, never that more of it is worse (on the
 * Banking77 stream, unconstrained fits gave helpful ratings a small negative weight, which cost
 * coverage on new messages).
 */
export const EVIDENCE_SIGN: Readonly<Record<FeatureName, 1 | -1 | 0>> = {
  similarity: 1,
  share: 1,
  margin: 1,
  neighbours: 1,
  intentAgreement: 1,
  hasIntent: 0,
  answerProbability: 1,
  answerMargin: 1,
  familiarity: 1,
  trackRecord: 1,
  answerLogOdds: 1,
  rivalLogOdds: -1,
  intentProbability: 1,
  intentMargin: 1,
  keywordMatch: 1,
  keywordBehind: -1,
  retrievalMargin: 1,
  termCoverage: 1,
  scorePerTerm: 1,
};

/** Log-odds of a probability, held within ±LOG_ODDS_CAP so that 0 and 1 stay finite. */
const LOG_ODDS_CAP = 7;
function logOdds(p: number): number {
  const z = Math.log(p / (1 - p));
  return Number.isNaN(z) ? 0 : Math.max(-LOG_ODDS_CAP, Math.min(LOG_ODDS_CAP, z));
}

/**
 * Features computed from stored evidence rather than stored themselves, so history stored before
 * one existed is fitted with it too.
 * - `answerLogOdds`: `answerProbability` as log-odds. A probability enters a logistic model
 *   linearly as log-odds: 0.99 against 0.95 is a large step in evidence and a small one in
 *   probability.
 * - `rivalLogOdds`: what `answerMargin` says, split from `answerProbability`. A margin of −0.5 means
 *   little when it is 0 − 0.5 and the answer is too new to be a class, and much when it is
 *   0.45 − 0.95. On the learning bench's development split, reuses of a near-identical ticket's
 *   answer that the classifier gave to another class at 0.99 were among the wrong ones sent; with
 *   it, the Banking77 stream removed 1.2 points more work a window at 37 wrong answers instead of 42.
 */
const DERIVED: Partial<Record<FeatureName, (features: Features) => number>> = {
  answerLogOdds: (f) => logOdds(f.answerProbability ?? 0),
  rivalLogOdds: (f) => logOdds((f.answerProbability ?? 0) - (f.answerMargin ?? 0)),
};

/** A feature's value for the model: stored, derived, or 0 when the candidate has none. */
export function featureValue(features: Features, name: FeatureName): number {
  const derive = DERIVED[name];
  const value = derive ? derive(features) : features[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A monotone map from a score to a probability (fitted by isotonic regression, nlp/isotonic.ts). */
export interface MonotoneMap {
  /** Score knots, increasing. */
  scores: number[];
  /** The calibrated probability at each knot, non-decreasing. */
  probabilities: number[];
}

/**
 * A logistic model: P(answers) = σ(bias + Σ weight·feature), missing features counting as 0; or,
 * once fitted with a calibration, that map applied to the logit instead of σ.
 */
export interface LogisticModel {
  bias: number;
  weights: Partial<Record<FeatureName, number>>;
  calibration?: MonotoneMap;
}

export interface AnswerModel {
  /** Identifies the model in the audit trail ("default", or "fit-<hash>"). */
  version: string;
  /** Labelled candidates it was fitted on (0 for the default). */
  examples: number;
  kinds: Record<CandidateKind, LogisticModel>;
  /**
   * The lowest answer confidence at which this history's answers, taken together, met the target
   * precision (see pipeline/learning/fit-answer-model.ts); absent for the default. The decision
   * threshold is never below it.
   */
  threshold?: number;
}

/**
 * The conservative default, used while there is too little history to fit one. Hand-set, and
 * deliberately strict (with AUTO_RESOLVE_THRESHOLD 0.9):
 * - a solution is reused on its own only when the message is nearly the same as the resolved one
 *   (cosine ≳ 0.9 with no competing answer near it); two different answers equally near give
 *   under 0.2, and an agreeing neighbourhood at cosine 0.8 still escalates (0.72) unless the
 *   classifier has learnt the answer itself;
 * - a template needs a confident, familiar intent (calibrated probability ≳ 0.88) and at least
 *   one of its keywords in the message; a template with none is not even a candidate;
 * - ratings move both: the track record's log-odds count 4×, so with the prior of 2 + 2 one
 *   "not helpful" takes a template at 0.99 to 0.94 and two to 0.83, under the line;
 * - a passage needs to stand well clear of every other page and cover most of the message: the
 *   weights are those fitted on StackFAQ's development split (nlp/passage-confidence.ts), with the bias
 *   lowered by 1 (odds ÷ e) for docs it has never seen: with 0.9 it takes what scored about 0.96
 *   there. Its track record counts 8×, so two "not helpful" take even a page no other comes near
 *   under the line (one does not).
 */
export const DEFAULT_ANSWER_MODEL: AnswerModel = {
  version: 'default',
  examples: 0,
  kinds: {
    solution: {
      bias: -10.5,
      weights: {
        similarity: 7,
        share: 3,
        margin: 2.5,
        neighbours: 1,
        intentAgreement: 1.5,
        answerProbability: 3,
        familiarity: 1.5,
        trackRecord: 4,
      },
    },
    template: {
      bias: -8,
      weights: { intentProbability: 8, intentMargin: 1.5, familiarity: 1.5, keywordMatch: 1.5, keywordBehind: -4, trackRecord: 4 },
    },
    passage: {
      bias: -4.25,
      weights: { retrievalMargin: 9.29, termCoverage: 2.32, scorePerTerm: 0.44, intentAgreement: 0, trackRecord: 8 },
    },
  },
};

/**
 * Agents often answer without naming an intent. An answer they gave to several messages is still a
 * class the classifier can learn ("these messages get this answer"), named by this prefix and the
 * answer's text key; its probability is evidence for that answer.
 */
export const ANSWER_CLASS_PREFIX = 'answer:';
export const isAnswerClass = (label: string): boolean => label.startsWith(ANSWER_CLASS_PREFIX);

/** Prior of the track record: as if every answer had been rated helpful twice and not helpful twice. */
export const TRACK_RECORD_PRIOR = 2;

/** Ratings of the tickets an answer (or every answer of a kind) was sent to. */
export interface Ratings {
  helpful: number;
  notHelpful: number;
}

/** How many of the most recent ratings make a kind's record (see kindPriorRate). */
export const KIND_RECORD_WINDOW = 500;
/** Below this many ratings a kind's record says nothing yet: one unhelpful reuse must not lower every other. */
export const KIND_RECORD_MIN_RATINGS = 5;

/**
 * The rate an answer starts from before its own ratings: 1/2, or lower when answers of its kind
 * have mostly failed on this deployment lately. When the default pack meets another business's
 * questions, its templates are wrong one after another (7 of the first 9 sent on the Banking77
 * stream, each a different template): each new template should not have to fail on its own first.
 * It takes KIND_RECORD_MIN_RATINGS ratings to say so. Never above 1/2: a kind that does well gives
 * its unrated answers no credit they have not earned.
 */
export function kindPriorRate(kind: Ratings): number {
  if (kind.helpful + kind.notHelpful < KIND_RECORD_MIN_RATINGS) return 0.5;
  return Math.min(0.5, (kind.helpful + TRACK_RECORD_PRIOR) / (kind.helpful + kind.notHelpful + 2 * TRACK_RECORD_PRIOR));
}

/**
 * How often an answer helped when sent: posterior log-odds with 2 × TRACK_RECORD_PRIOR pseudo-ratings
 * at the prior rate; 0 with no ratings and the neutral prior.
 */
export function trackRecordLogOdds(record: Ratings, priorRate = 0.5): number {
  const pseudo = 2 * TRACK_RECORD_PRIOR;
  return Math.log((record.helpful + pseudo * priorRate) / (record.notHelpful + pseudo * (1 - priorRate)));
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The model's logit for these features (only the kind's own features count). */
export function answerLogit(model: LogisticModel, kind: CandidateKind, features: Features): number {
  let z = model.bias;
  for (const name of FEATURES_OF[kind]) z += (model.weights[name] ?? 0) * featureValue(features, name);
  return z;
}

/** The calibrated probability of a score: linear between knots, flat beyond the ends. */
export function applyMonotoneMap(map: MonotoneMap, score: number): number {
  const { scores, probabilities } = map;
  if (scores.length === 0) return Number.NaN;
  const last = scores.length - 1;
  if (score <= scores[0]!) return probabilities[0]!;
  if (score >= scores[last]!) return probabilities[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (scores[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - scores[lo]!) / (scores[hi]! - scores[lo]!);
  return probabilities[lo]! + t * (probabilities[hi]! - probabilities[lo]!);
}

/** P(this candidate answers the message) under the model. */
export function answerConfidence(model: AnswerModel, kind: CandidateKind, features: Features): number {
  const own = model.kinds[kind];
  const z = answerLogit(own, kind, features);
  return own.calibration ? applyMonotoneMap(own.calibration, z) : sigmoid(z);
}
