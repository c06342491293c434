// One ticket's way through the pipeline up to the decision: classify, find a similar resolved
// ticket, pick what a reply would be built from, decide. No database: the caller persists the
// result. Every step's failure is caught and turned into an escalation with a reason, so whatever
// breaks, the ticket reaches a person.
import { asksForHuman } from '../domain/asks-for-human.js';
import { decide, type Classification, type Decision } from '../domain/decide.js';
import type { UrgentPolicy } from '../domain/priority.js';
import type { IntentModel, IntentPrediction, SolutionIndex, SolutionMatch } from '../domain/pipeline-ports.js';
import type { IntentDefinition } from '../intents/intent-pack.js';
import { chooseReplyBasis, type ReplyBasis } from '../replies/reply-basis.js';

/** How many similar tickets the audit trail lists. */
const CANDIDATES = 3;

export interface AnalysisSettings {
  autoResolveThreshold: number;
  similarityThreshold: number;
  /** S at or above this is urgent. */
  urgentThreshold: number;
  urgentPolicy: UrgentPolicy;
}

export interface AnalysisDeps {
  model: IntentModel;
  solutions: SolutionIndex;
  /** The pack's intents by name. */
  intents: ReadonlyMap<string, IntentDefinition>;
  settings: AnalysisSettings;
}

export interface Analysis {
  decision: Decision;
  basis: ReplyBasis | null;
  prediction: IntentPrediction | null;
  candidates: SolutionMatch[];
  /** Steps that failed, with their error messages (the ticket escalates when it matters). */
  failures: { step: 'asks_for_human' | 'classify' | 'similar' | 'reply_basis'; error: string }[];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** `urgencyScore`: the ticket's S (null for tickets from before it was computed). */
export function analyzeTicket(deps: AnalysisDeps, message: string, urgencyScore: number | null = null): Analysis {
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

  const candidates = attempt('similar', () => deps.solutions.search(message, CANDIDATES), [] as SolutionMatch[]);
  const best = candidates[0];
  const match = best && best.score >= deps.settings.similarityThreshold ? best : undefined;
  const intent = prediction ? deps.intents.get(prediction.intent) : undefined;
  const basis = attempt('reply_basis', () => chooseReplyBasis({ message, intent, match }), null);

  const isUrgent = urgencyScore !== null && urgencyScore >= deps.settings.urgentThreshold;
  const decision = decide({
    asksForHuman: wantsHuman as boolean,
    escalateAsUrgent: isUrgent && deps.settings.urgentPolicy === 'escalate',
    classification,
    intentPolicy: intent,
    defaultThreshold: deps.settings.autoResolveThreshold,
    replyAvailable: basis !== null,
  });
  return { decision, basis, prediction, candidates, failures };
}
