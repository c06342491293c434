// The candidate replies for a message, each with the evidence that it answers it (see
// domain/answer-confidence.ts for what each feature means):
// - every answer among the nearest resolved tickets, grouped by its words, so neighbours that got
//   the same answer support it and neighbours that got another one compete with it;
// - every template of the classifier's likely intents that has evidence in the message (one of its
//   keywords). A template without any is not a candidate: sending an intent's first template when
//   nothing points at it answered an order-ETA question with a pricing page.
// - every retrieved section of the deployer's docs, with the evidence of its search.
// Pure: the track record (which needs the database) is added by scoreCandidates().
import {
  answerConfidence,
  kindPriorRate,
  trackRecordLogOdds,
  type AnswerModel,
  type CandidateKind,
  type Features,
} from '../domain/answer-confidence.js';
import { UNKNOWN_INTENT } from '../domain/decide.js';
import { ANSWER_CLASS_PREFIX, isAnswerClass } from '../domain/answer-confidence.js';
import type { PassageCandidate, StoredPassage } from '../domain/ports/knowledge.js';
import type { IntentPrediction } from '../domain/ports/triage.js';
import type { ReusableSolution, SolutionMatch, TrackRecord } from '../domain/ports/learning.js';
import { fillTemplate, type IntentDefinition, type Placeholder } from '../intents/intent-pack.js';
import { answerClass, passageAnswerKey, solutionAnswerKey, templateAnswerKey, textKey } from './answer-key.js';
import { passageAnswer } from './passage-answer.js';
import { keywordMatches } from './template-keywords.js';

export interface ReplyCandidate {
  kind: CandidateKind;
  /** The key its track record is kept under. */
  answerKey: string;
  /** The key of its words as this customer would get them. */
  textKey: string;
  /** The nearest solution ticket's id, or the template's id. */
  sourceId: string;
  /** The template's intent, or the intent the solution's ticket carries (null: none). */
  intent: string | null;
  /** What the customer would get: the solution's words, or the filled template. */
  text: string;
  features: Features;
}

export interface ScoredCandidate extends ReplyCandidate {
  /** P(it answers this message). */
  confidence: number;
}

export interface CandidateInput {
  prediction: IntentPrediction | null;
  /** The nearest resolved tickets, nearest first. */
  neighbours: readonly SolutionMatch[];
  /** A reusable solution with the answer of this text key (for answers the classifier recognises). */
  solutionWithAnswer?: (textKey: string) => ReusableSolution | undefined;
  intents: ReadonlyMap<string, IntentDefinition>;
  message: string;
  placeholders: Partial<Record<Placeholder, string>>;
  /** The best sections of the deployer's docs for the message, one per page, best first. */
  passages?: readonly PassageCandidate[];
  /** The intent the classifier gives a section of the docs (null: none); absent: not known. */
  passageIntent?: (passage: StoredPassage) => string | null;
}

/** Neighbours further than this share of the nearest one's similarity take no part in the vote. */
const NEAR_SHARE = 0.5;
/** Intents less likely than this offer no templates. */
const MIN_INTENT_PROBABILITY = 0.05;
const NEIGHBOUR_CAP = 5;
const KEYWORD_CAP = 3;

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

function probabilityOf(prediction: IntentPrediction | null, intent: string | null): number {
  if (!prediction || intent === null) return 0;
  return prediction.top.find((t) => t.intent === intent)?.probability ?? 0;
}

/** The class's probability minus the likeliest other class's (negative when another leads). */
function marginOf(prediction: IntentPrediction | null, label: string): number {
  if (!prediction) return 0;
  const own = probabilityOf(prediction, label);
  return own - Math.max(0, ...prediction.top.filter((t) => t.intent !== label).map((t) => t.probability));
}

/** How familiar the message's words are to the classifier: its confidence over its top probability. */
function familiarityOf(prediction: IntentPrediction | null): number {
  const first = prediction?.top[0]?.probability ?? 0;
  return prediction && first > 0 ? Math.min(1, prediction.confidence / first) : 0;
}

/** Evidence every solution candidate has, from the classifier. */
function classifierEvidence(input: CandidateInput, response: string, intent: string | null) {
  return {
    intentAgreement: round(probabilityOf(input.prediction, intent)),
    hasIntent: intent === null || intent === UNKNOWN_INTENT ? 0 : 1,
    answerProbability: round(probabilityOf(input.prediction, answerClass(response))),
    answerMargin: round(marginOf(input.prediction, answerClass(response))),
    familiarity: round(familiarityOf(input.prediction)),
  };
}

/** Answers of the nearest tickets, grouped by their words, with the vote each gets. */
function neighbourCandidates(input: CandidateInput): ReplyCandidate[] {
  const nearest = input.neighbours[0]?.score ?? 0;
  if (nearest <= 0) return [];
  const near = input.neighbours.filter((n) => n.score >= nearest * NEAR_SHARE);
  const total = near.reduce((sum, n) => sum + n.score ** 2, 0);
  const groups = new Map<string, SolutionMatch[]>();
  for (const n of near) {
    const key = solutionAnswerKey(n.solution.response);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups].map(([answerKey, members]) => {
    const best = members[0]!;
    const rival = near.find((n) => !members.includes(n))?.score ?? 0;
    const intent = members.find((m) => m.solution.intent !== null)?.solution.intent ?? null;
    return {
      kind: 'solution',
      answerKey,
      textKey: textKey(best.solution.response),
      sourceId: best.ticketId,
      intent,
      text: best.solution.response.trim(),
      features: {
        similarity: round(best.score),
        share: round(members.reduce((sum, m) => sum + m.score ** 2, 0) / total),
        margin: round(best.score - rival),
        neighbours: Math.min(members.length, NEIGHBOUR_CAP) / NEIGHBOUR_CAP,
        ...classifierEvidence(input, best.solution.response, intent),
      },
    };
  });
}

/**
 * Answers the classifier recognises (agents gave them often enough to become classes) that no near
 * ticket got: the classifier generalises past shared words, so its likeliest answers are offered
 * too, with no similarity evidence of their own.
 */
function recognisedAnswers(input: CandidateInput, offered: ReadonlySet<string>): ReplyCandidate[] {
  const { prediction, solutionWithAnswer } = input;
  if (!prediction || !solutionWithAnswer) return [];
  const nearest = input.neighbours[0]?.score ?? 0;
  const out: ReplyCandidate[] = [];
  for (const { intent: label, probability } of prediction.top) {
    if (!isAnswerClass(label) || probability < MIN_INTENT_PROBABILITY) continue;
    const solution = solutionWithAnswer(label.slice(ANSWER_CLASS_PREFIX.length));
    if (!solution || offered.has(solutionAnswerKey(solution.response))) continue;
    out.push({
      kind: 'solution',
      answerKey: solutionAnswerKey(solution.response),
      textKey: textKey(solution.response),
      sourceId: solution.ticketId,
      intent: solution.intent,
      text: solution.response.trim(),
      features: {
        similarity: 0,
        share: 0,
        margin: round(-nearest),
        neighbours: 0,
        ...classifierEvidence(input, solution.response, solution.intent),
      },
    });
  }
  return out;
}

function solutionCandidates(input: CandidateInput): ReplyCandidate[] {
  const near = neighbourCandidates(input);
  return [...near, ...recognisedAnswers(input, new Set(near.map((c) => c.answerKey)))];
}

/** Templates of the likely intents that something in the message points at. */
function templateCandidates(input: CandidateInput): ReplyCandidate[] {
  const { prediction } = input;
  if (!prediction) return [];
  const familiarity = familiarityOf(prediction);
  const out: ReplyCandidate[] = [];
  for (const { intent, probability } of prediction.top) {
    const definition = input.intents.get(intent);
    if (!definition || probability < MIN_INTENT_PROBABILITY) continue;
    const matches = definition.templates.map((template) => keywordMatches(template, input.message));
    const mostMatched = Math.max(0, ...matches);
    definition.templates.forEach((template, i) => {
      const matched = matches[i]!;
      if (matched === 0) return;
      const text = fillTemplate(template.text, input.placeholders).trim();
      out.push({
        kind: 'template',
        answerKey: templateAnswerKey(template.id),
        textKey: textKey(text),
        sourceId: template.id,
        intent,
        text,
        features: {
          intentProbability: round(probability),
          intentMargin: round(marginOf(prediction, intent)),
          familiarity: round(familiarity),
          keywordMatch: round(Math.min(matched, KEYWORD_CAP) / KEYWORD_CAP),
          keywordBehind: round(Math.min(mostMatched - matched, KEYWORD_CAP) / KEYWORD_CAP),
        },
      });
    });
  }
  return out;
}

/** How likely the message is of the intent the classifier gives the section (see PASSAGE_FEATURES). */
function sectionIntentAgreement(input: CandidateInput, passage: StoredPassage): number {
  const intent = input.passageIntent?.(passage) ?? null;
  return intent === null || intent === UNKNOWN_INTENT ? 0 : probabilityOf(input.prediction, intent);
}

/** Sections of the deployer's docs, each answered in its own words (see passage-answer.ts). */
function passageCandidates(input: CandidateInput): ReplyCandidate[] {
  return (input.passages ?? []).map(({ passage, evidence }) => {
    const text = passageAnswer(passage);
    return {
      kind: 'passage',
      answerKey: passageAnswerKey(passage.hash),
      textKey: textKey(text),
      sourceId: passage.id,
      intent: null,
      text,
      features: {
        retrievalMargin: round(evidence.margin),
        termCoverage: round(evidence.coverage),
        scorePerTerm: round(evidence.scorePerTerm),
        intentAgreement: round(sectionIntentAgreement(input, passage)),
      },
    };
  });
}

export function gatherCandidates(input: CandidateInput): ReplyCandidate[] {
  return [...solutionCandidates(input), ...templateCandidates(input), ...passageCandidates(input)];
}

const NO_RATINGS: TrackRecord = { helpful: 0, notHelpful: 0 };

/**
 * Adds each candidate's track record (its own ratings, starting from its kind's recent record, see
 * kindPriorRate) and answer confidence; best first (ties: solutions, then order).
 */
export function scoreCandidates(
  candidates: readonly ReplyCandidate[],
  records: ReadonlyMap<string, TrackRecord>,
  model: AnswerModel,
  kinds: Readonly<Record<CandidateKind, TrackRecord>> = { solution: NO_RATINGS, template: NO_RATINGS, passage: NO_RATINGS },
): ScoredCandidate[] {
  return candidates
    .map((c, order) => {
      const trackRecord = trackRecordLogOdds(records.get(c.answerKey) ?? NO_RATINGS, kindPriorRate(kinds[c.kind]));
      const features = { ...c.features, trackRecord: round(trackRecord) };
      return { candidate: { ...c, features, confidence: answerConfidence(model, c.kind, features) }, order };
    })
    .sort((a, b) => b.candidate.confidence - a.candidate.confidence || a.order - b.order)
    .map((s) => s.candidate);
}
