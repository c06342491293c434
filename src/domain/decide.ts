// The decision engine: answer a ticket automatically, or hand it to a person. A wrong automatic
// answer costs more than an escalation, so auto_resolve needs every condition to hold and anything
// uncertain, invalid or failing escalates with a reason the audit trail and metrics can count.
// The decision is taken on the best candidate reply's answer confidence (domain/answer-confidence.ts):
// how likely that reply answers this message, not how sure the classifier is of an intent.

export const ESCALATION_REASONS = [
  'customer_requested_human',
  /** Urgent (S ≥ URGENT_THRESHOLD) under URGENT_POLICY=escalate: a person takes it, however confident. */
  'urgent',
  'classifier_error',
  'invalid_confidence',
  'unknown_intent',
  'intent_requires_human',
  'invalid_threshold',
  'low_confidence',
  'no_reply_available',
  /** The pipeline failed around the decision (or handed decide() something malformed). */
  'pipeline_error',
  /** The customer said an automatic answer did not help. Not produced by decide(). */
  'customer_rejected',
  /** A near-duplicate of other open reports, grouped under a master incident. Not produced by decide(). */
  'incident',
  /** The automatic answer could not be delivered in chat (the platform kept failing). Not produced by decide(). */
  'delivery_failed',
  /**
   * AUTO_RESOLVE_MODE=shadow: it would have been answered automatically; the answer went to agents as
   * the suggestion instead. Not produced by decide().
   */
  'shadow_mode',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/**
 * The label the classifier gives a message that matches no intent. Same value as the intent pack's
 * reserved name; repeated here because domain/ imports nothing else of ours.
 */
export const UNKNOWN_INTENT = 'unknown';

export type Classification = { intent: string; confidence: unknown } | { error: string };

/** The parts of an intent-pack entry the decision needs. */
export interface IntentPolicy {
  autoResolve: boolean;
  /** Raises the threshold for this intent's answers when set; null (or absent) means "the default". */
  threshold: number | null;
}

/** A candidate reply as the decision sees it. */
export interface CandidateView {
  /** The intent it answers (a template's, or the solution's ticket's); null when unknown. */
  intent: string | null;
  /** Answer confidence; `unknown` on purpose: it comes from a model and is checked here. */
  confidence: unknown;
}

export interface DecisionInput {
  /** Whether the message asks for a person (see asksForHuman()). */
  asksForHuman: boolean;
  /** Urgent, under a policy that sends urgent tickets to a person. Absent: not. */
  escalateAsUrgent?: boolean;
  /** `confidence` is `unknown` on purpose: it comes from a model and is checked here. */
  classification: Classification;
  /** The pack's intents' policies by name; an intent it lacks (learned, or `unknown`) has none. */
  policies: ReadonlyMap<string, IntentPolicy>;
  /** AUTO_RESOLVE_THRESHOLD: the answer confidence needed to answer automatically. */
  defaultThreshold: number;
  /** Candidate replies, best first. */
  candidates: readonly CandidateView[];
}

/**
 * What to do with the ticket. Every field the audit trail needs travels with it: `confidence` is
 * the classifier's confidence once known to be valid (else null); `answerConfidence` is the best
 * candidate's, and `threshold` what it was compared with (null when no comparison was made);
 * `candidate` is the index of the reply to send.
 */
export type Decision =
  | { kind: 'auto_resolve'; intent: string; confidence: number; answerConfidence: number; threshold: number; candidate: number }
  | {
      kind: 'escalate';
      reason: EscalationReason;
      intent: string | null;
      confidence: number | null;
      answerConfidence: number | null;
      threshold: number | null;
    };

type Escalation = Extract<Decision, { kind: 'escalate' }>;

const escalate = (
  reason: EscalationReason,
  intent: string | null = null,
  confidence: number | null = null,
  answerConfidence: number | null = null,
  threshold: number | null = null,
): Escalation => ({ kind: 'escalate', reason, intent, confidence, answerConfidence, threshold });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A probability: a finite number in [0, 1]. Rejects NaN, ±Infinity, strings, null and undefined. */
const isValidConfidence = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

/** In (0, 1], like the intent pack's schema: a threshold of 0 would auto-resolve everything. */
const isValidThreshold = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1;

/**
 * Decides whether a ticket is answered automatically or escalated. Total: it never throws and
 * returns an escalation for any input it cannot fully vouch for, including a malformed one.
 *
 * The first failing check names the reason, in this order:
 * 1. `customer_requested_human` — the customer's explicit wish beats any confidence, and needs no
 *    classifier, so a classifier outage never hides it.
 *    Right after it, `pipeline_error` when `asksForHuman` is not a boolean (or the input is not an
 *    object): anything but a definite "no" may be a request nobody detected. Then `urgent`, when
 *    the ticket is urgent and the policy sends urgent tickets to a person.
 * 2. `classifier_error` — no usable classification (an error, or no string intent). Without it the
 *    evidence for every candidate is incomplete.
 * 3. `invalid_confidence` — a confidence that is not a probability means the classifier is broken,
 *    so nothing it says is trusted.
 * 4. `intent_requires_human` — the pack says never auto-resolve the classified intent, whatever
 *    the confidence and whatever reply exists (e.g. refunds).
 * 5. `invalid_threshold` — the default or the best candidate's intent's override is not in (0, 1]:
 *    the configuration cannot be trusted.
 * 6. `unknown_intent` / `no_reply_available` — no candidate reply at all: `unknown_intent` when the
 *    classifier found no intent either, else `no_reply_available` (it understood, but nothing fits).
 * 7. `low_confidence` — the best candidate's answer confidence is below its threshold: the default,
 *    raised by its intent's own when that is higher (an intent's threshold can only make it stricter).
 *    Only the best candidate is considered: a less likely reply is not sent because the likelier
 *    one fell short. A candidate of an intent that must go to a person, or with an invalid
 *    confidence, is not a candidate at all.
 */
export function decide(input: DecisionInput): Decision {
  try {
    return evaluate(input);
  } catch {
    // Only reachable with hostile input (e.g. throwing getters); the ticket still escalates.
    return escalate('pipeline_error');
  }
}

function evaluate(input: DecisionInput): Decision {
  if (!isRecord(input)) return escalate('pipeline_error');
  // Each field is read once, so a value cannot change between its check and its use.
  const { asksForHuman, escalateAsUrgent, classification, policies, defaultThreshold, candidates } = input as Record<string, unknown>;

  const usable = isRecord(classification) && !('error' in classification) ? classification : null;
  const rawIntent = usable?.intent;
  const intent = typeof rawIntent === 'string' ? rawIntent : null;
  const rawConfidence = intent === null ? undefined : usable?.confidence;
  const confidence = isValidConfidence(rawConfidence) ? rawConfidence : null;

  if (asksForHuman === true) return escalate('customer_requested_human', intent, confidence);
  if (asksForHuman !== false) return escalate('pipeline_error', intent, confidence);
  if (escalateAsUrgent === true) return escalate('urgent', intent, confidence);
  if (intent === null) return escalate('classifier_error');
  if (confidence === null) return escalate('invalid_confidence', intent);
  if (!(policies instanceof Map) || !Array.isArray(candidates)) return escalate('pipeline_error', intent, confidence);
  const policyOf = (name: unknown): Record<string, unknown> | undefined => {
    const policy = typeof name === 'string' ? (policies as ReadonlyMap<string, unknown>).get(name) : undefined;
    return isRecord(policy) ? policy : undefined;
  };
  // Anything but a definite `autoResolve: true` in a policy that exists means a person.
  const requiresHuman = (name: unknown): boolean => {
    const policy = policyOf(name);
    return policy !== undefined && policy.autoResolve !== true;
  };
  if (requiresHuman(intent)) return escalate('intent_requires_human', intent, confidence);
  if (!isValidThreshold(defaultThreshold)) return escalate('invalid_threshold', intent, confidence);

  const eligible = (candidates as unknown[]).filter(
    (c): c is { intent: string | null; confidence: number } => isRecord(c) && isValidConfidence(c.confidence) && !requiresHuman(c.intent),
  );
  const best = eligible.reduce<(typeof eligible)[number] | undefined>(
    (top, c) => (top === undefined || c.confidence > top.confidence ? c : top),
    undefined,
  );
  if (best === undefined) return escalate(intent === UNKNOWN_INTENT ? 'unknown_intent' : 'no_reply_available', intent, confidence);

  const override = policyOf(best.intent)?.threshold ?? null;
  if (override !== null && !isValidThreshold(override)) return escalate('invalid_threshold', intent, confidence, best.confidence);
  const threshold = override === null ? defaultThreshold : Math.max(defaultThreshold, override);
  if (best.confidence < threshold) return escalate('low_confidence', intent, confidence, best.confidence, threshold);
  return {
    kind: 'auto_resolve',
    intent: typeof best.intent === 'string' ? best.intent : intent,
    confidence,
    answerConfidence: best.confidence,
    threshold,
    candidate: (candidates as unknown[]).indexOf(best),
  };
}
