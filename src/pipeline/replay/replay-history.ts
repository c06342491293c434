// Replays past conversations through the real analysis, in time order, learning as it goes: each
// question is analysed with what had been learned before it was asked, and then its answer becomes
// known, as an agent's resolution would make it (a reusable solution, classifier training data, and
// an outcome for answer confidence). The result is, for each row, whether it could have been answered
// automatically at all, with what answer confidence, and whether that answer was the right one, so
// the threshold can be chosen on the deployment's own history before going live (replay-report.ts).
// Nothing is stored and nothing is sent: the index, the training data and the models live in memory.
import { DEFAULT_ANSWER_MODEL, type AnswerModel } from '../../domain/answer-confidence.js';
import type { EscalationReason } from '../../domain/decide.js';
import type { UrgentPolicy } from '../../domain/priority.js';
import type { IntentModel } from '../../domain/ports/triage.js';
import type { LabelledCandidate, LearningRepository, TrackRecords } from '../../domain/ports/learning.js';
import type { IntentDefinition, Placeholder } from '../../intents/intent-pack.js';
import { scoreUrgency } from '../../nlp/urgency.js';
import { textKey } from '../../replies/answer-key.js';
import { analyzeTicket, type Analysis } from '../triage/analyze-ticket.js';
import { fitAnswerModel } from '../learning/fit-answer-model.js';
import { createSolutionIndex } from '../learning/solution-index.js';
import { createInMemoryLearning, type ResolvedConversation } from './in-memory-learning.js';
import { MAX_LABELLED_OUTCOMES } from '../learning/live-answer-model.js';

/**
 * So small that every ticket with a reply that may be sent auto-resolves: the decision then says
 * only whether the ticket could be answered at all, and the thresholds are applied afterwards.
 */
const ANY_CONFIDENCE = 1e-6;

const NO_TRACK_RECORDS: TrackRecords = {
  read: async () => new Map(),
  readKinds: async () => ({
    solution: { helpful: 0, notHelpful: 0 },
    template: { helpful: 0, notHelpful: 0 },
    passage: { helpful: 0, notHelpful: 0 },
  }),
};

export interface ReplayRow extends ResolvedConversation {
  /** When it was asked; rows are replayed in this order when every row has one. */
  createdAt: Date | null;
}

/** What replaying one row found. */
export interface ReplayOutcome {
  /** Position in replay order, from 0. */
  index: number;
  /** The row's intent, or `none`. */
  intent: string;
  /** Whether some threshold would have let it be answered (the decision got as far as comparing). */
  isEligible: boolean;
  /** Why it would have gone to a person whatever the threshold (null when eligible). */
  reason: EscalationReason | null;
  /** The answer confidence of the reply that would have been sent; null when not eligible. */
  confidence: number | null;
  /** Its intent's own threshold when that is stricter (pack `threshold`), else 0. */
  floor: number;
  /** Whether that reply is the row's answer (same words as the answer given). */
  isRight: boolean;
}

export interface ReplayDeps {
  intents: ReadonlyMap<string, IntentDefinition>;
  settings: { urgentThreshold: number; urgentPolicy: UrgentPolicy };
  placeholders?: Partial<Record<Placeholder, string>>;
  /** A classifier trained on the pack and on everything `learning` holds. */
  trainClassifier(learning: LearningRepository): Promise<IntentModel>;
  /** Answer confidence fitted on the outcomes so far (default: the pipeline's fit). */
  fitAnswerModel?: (labelled: readonly LabelledCandidate[]) => AnswerModel;
  /** The urgency score S of a message (default: the pipeline's). */
  urgency?: (message: string) => number;
  /** Told after each row. */
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayOptions {
  /** Retrain the classifier and refit answer confidence after every this many rows. */
  retrainEvery: number;
}

/** Every row has a date: by date (stable, so ties keep file order); otherwise file order. */
export function inTimeOrder<T extends { createdAt: Date | null }>(rows: readonly T[]): { rows: T[]; isByDate: boolean } {
  const isByDate = rows.length > 0 && rows.every((r) => r.createdAt !== null);
  if (!isByDate) return { rows: [...rows], isByDate };
  return { rows: [...rows].sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime()), isByDate };
}

/** Replays `rows` in the order given (see {@link inTimeOrder}). */
export async function replayHistory(deps: ReplayDeps, rows: readonly ReplayRow[], options: ReplayOptions): Promise<ReplayOutcome[]> {
  if (!Number.isInteger(options.retrainEvery) || options.retrainEvery < 1) throw new RangeError('retrainEvery must be a positive integer');
  const fit = deps.fitAnswerModel ?? fitAnswerModel;
  const urgency = deps.urgency ?? ((message: string) => scoreUrgency(message).score);
  const learning = createInMemoryLearning();
  const solutions = createSolutionIndex();
  const labelled: LabelledCandidate[] = [];
  let model = await deps.trainClassifier(learning);
  let answerModel: AnswerModel = DEFAULT_ANSWER_MODEL;
  const settings = { ...deps.settings, autoResolveThreshold: ANY_CONFIDENCE };

  const outcomes: ReplayOutcome[] = [];
  for (const [index, row] of rows.entries()) {
    const analysis = await analyzeTicket(
      { model, solutions, intents: deps.intents, trackRecords: NO_TRACK_RECORDS, answerModel, settings },
      row.question,
      urgency(row.question),
      deps.placeholders ?? {},
    );
    const answerKey = textKey(row.answer);
    outcomes.push({ index, intent: row.intent ?? 'none', ...judge(analysis, answerKey) });

    // The answer becomes known, as an agent's resolution makes it known to the live pipeline.
    solutions.upsert(learning.add(row));
    // As the live refit labels each ticket's best candidate (rank 0) by the agent's words.
    const best = analysis.candidates[0];
    if (best) labelled.push({ kind: best.kind, features: best.features, answered: best.textKey === answerKey });

    const done = index + 1;
    if (done % options.retrainEvery === 0 && done < rows.length) {
      model = await deps.trainClassifier(learning);
      answerModel = fit(labelled.slice(-MAX_LABELLED_OUTCOMES));
    }
    deps.onProgress?.(done, rows.length);
  }
  return outcomes;
}

/** Whether the decision, taken at a negligible threshold, could send a reply, and which one. */
function judge(analysis: Analysis, answerKey: string): Omit<ReplayOutcome, 'index' | 'intent'> {
  const { decision, candidates } = analysis;
  if (decision.kind === 'auto_resolve') {
    const sent = candidates[decision.candidate]!;
    return {
      isEligible: true,
      reason: null,
      confidence: decision.answerConfidence,
      floor: floorOf(decision.threshold),
      isRight: sent.textKey === answerKey,
    };
  }
  // Only an intent's own, stricter threshold stops a reply at a negligible default.
  if (decision.reason === 'low_confidence' && decision.answerConfidence !== null && decision.threshold !== null) {
    const sent = candidates.find((c) => c.confidence === decision.answerConfidence);
    return {
      isEligible: true,
      reason: null,
      confidence: decision.answerConfidence,
      floor: floorOf(decision.threshold),
      isRight: sent?.textKey === answerKey,
    };
  }
  return { isEligible: false, reason: decision.reason, confidence: null, floor: 0, isRight: false };
}

const floorOf = (threshold: number): number => (threshold > ANY_CONFIDENCE ? threshold : 0);
