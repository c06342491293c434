// One ticket's way through the pipeline up to the decision: classify, gather the candidate replies
// (answers of the nearest resolved tickets, templates of the likely intents, sections of the
// deployer's docs), weigh each one's
// evidence into an answer confidence, decide on the best. No writes: the caller persists the
// result. Every step's failure is caught and turned into an escalation with a reason, so whatever
// breaks, the ticket reaches a person.
import type { AnswerModel } from '../../domain/answer-confidence.js';
import { asksForHuman } from '../../domain/asks-for-human.js';
import { decide, type Classification, type Decision } from '../../domain/decide.js';
import type { UrgentPolicy } from '../../domain/priority.js';
import type { IntentModel, IntentPrediction } from '../../domain/ports/triage.js';
import type { SolutionIndex, SolutionMatch, TrackRecords } from '../../domain/ports/learning.js';
import type { PassageCandidate, PassageLibrary } from '../../domain/ports/knowledge.js';
import type { IntentDefinition, Placeholder } from '../../intents/intent-pack.js';
import { createSectionIntents } from '../../replies/section-intent.js';
import { gatherCandidates, scoreCandidates, type ReplyCandidate, type ScoredCandidate } from '../../replies/reply-candidates.js';

/** The intents the classifiers in use give sections of the docs (classified once per model and section). */
const sectionIntent = createSectionIntents();

/** How many nearest resolved tickets are weighed (their answers compete and support each other). */
const NEIGHBOURS = 10;
/** How many pages of the deployer's docs offer a section (the best one each). */
const PASSAGES = 3;

export interface AnalysisSettings {
  /** The answer confidence needed to answer automatically. */
  autoResolveThreshold: number;
  /** S at or above this is urgent. */
  urgentThreshold: number;
  urgentPolicy: UrgentPolicy;
}

export interface AnalysisDeps {
  model: IntentModel;
  solutions: SolutionIndex;
  /** The pack's intents by name. */
  intents: ReadonlyMap<string, IntentDefinition>;
  /** How each answer fared when it was sent. */
  trackRecords: TrackRecords;
  /** The answer-confidence model in use. */
  answerModel: AnswerModel;
  /** Sections of the deployer's own docs (knowledge sources); absent: none are searched. */
  passages?: PassageLibrary;
  settings: AnalysisSettings;
}

export interface Analysis {
  decision: Decision;
  /** Every candidate reply, best first, with its evidence and answer confidence. */
  candidates: ScoredCandidate[];
  /** The candidate to send when the decision is auto_resolve; else the best one, as a suggestion. */
  chosen: ScoredCandidate | null;
  prediction: IntentPrediction | null;
  neighbours: SolutionMatch[];
  /** The sections of the docs retrieved for the message, best first (an answer from one may cite the others). */
  passages: PassageCandidate[];
  /** Steps that failed, with their error messages (the ticket escalates when it matters). */
  failures: { step: 'asks_for_human' | 'classify' | 'similar' | 'passages' | 'candidates' | 'track_record'; error: string }[];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** `urgencyScore`: the ticket's S (null for tickets from before it was computed). */
export async function analyzeTicket(
  deps: AnalysisDeps,
  message: string,
  urgencyScore: number | null = null,
  placeholders: Partial<Record<Placeholder, string>> = {},
): Promise<Analysis> {
  const failures: Analysis['failures'] = [];
  const attempt = <T>(step: Analysis['failures'][number]['step'], run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (err) {
      failures.push({ step, error: messageOf(err) });
      return fallback;
    }
  };

  // A failed check cannot rule out that the customer asked for a person: decide() escalates on null.
  const wantsHuman = attempt<boolean | null>('asks_for_human', () => asksForHuman(message), null);
  const prediction = attempt<IntentPrediction | null>('classify', () => deps.model.predict(message), null);
  const classification: Classification = prediction
    ? { intent: prediction.intent, confidence: prediction.confidence }
    : { error: failures.find((f) => f.step === 'classify')?.error ?? 'no prediction' };

  const neighbours = attempt('similar', () => deps.solutions.search(message, NEIGHBOURS), [] as SolutionMatch[]);
  let passages: PassageCandidate[] = [];
  try {
    passages = (await deps.passages?.search(message, PASSAGES)) ?? [];
  } catch (err) {
    // Without the docs' sections the other candidates still decide.
    failures.push({ step: 'passages', error: messageOf(err) });
  }
  const gathered = attempt(
    'candidates',
    () =>
      gatherCandidates({
        prediction,
        neighbours,
        solutionWithAnswer: (key) => deps.solutions.withAnswer(key),
        intents: deps.intents,
        message,
        placeholders,
        passages,
        passageIntent: (passage) => sectionIntent(deps.model, passage),
      }),
    [] as ReplyCandidate[],
  );
  let candidates: ScoredCandidate[] = [];
  try {
    const [records, kinds] = await Promise.all([
      deps.trackRecords.read([...new Set(gathered.map((c) => c.answerKey))]),
      deps.trackRecords.readKinds(),
    ]);
    candidates = scoreCandidates(gathered, records, deps.answerModel, kinds);
  } catch (err) {
    // Without its track record a candidate that keeps failing could look good: send none.
    failures.push({ step: 'track_record', error: messageOf(err) });
  }

  const isUrgent = urgencyScore !== null && urgencyScore >= deps.settings.urgentThreshold;
  const decided = decide({
    asksForHuman: wantsHuman as boolean,
    escalateAsUrgent: isUrgent && deps.settings.urgentPolicy === 'escalate',
    classification,
    policies: deps.intents,
    // Never below the line at which this deployment's own history kept the target precision.
    defaultThreshold: Math.max(deps.settings.autoResolveThreshold, deps.answerModel.threshold ?? 0),
    candidates,
  });
  const decision = failures.some((f) => f.step === 'track_record' || f.step === 'candidates') ? asPipelineError(decided) : decided;
  const chosen = decision.kind === 'auto_resolve' ? candidates[decision.candidate]! : (candidates[0] ?? null);
  return { decision, candidates, chosen, prediction, neighbours, passages, failures };
}

/** A step the decision rests on failed: whatever it would have been, a person takes it. */
function asPipelineError(decision: Decision): Decision {
  if (decision.kind === 'escalate' && decision.reason !== 'no_reply_available' && decision.reason !== 'unknown_intent') return decision;
  return {
    kind: 'escalate',
    reason: 'pipeline_error',
    intent: decision.intent,
    confidence: decision.confidence,
    answerConfidence: null,
    threshold: null,
  };
}
