// The decision engine: answer a ticket automatically, or hand it to a person. A wrong automatic
// answer costs more than an escalation, so auto_resolve needs every condition to hold and anything
// uncertain, invalid or failing escalates with a reason the audit trail and metrics can count.

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
  /** Overrides the default threshold when set; null (or absent) means "use the default". */
  threshold: number | null;
}

export interface DecisionInput {
  /** Whether the message asks for a person (see asksForHuman()). */
  asksForHuman: boolean;
  /** Urgent, under a policy that sends urgent tickets to a person. Absent: not. */
  escalateAsUrgent?: boolean;
  /** `confidence` is `unknown` on purpose: it comes from a model and is checked here. */
  classification: Classification;
  /** The classified intent's entry in the pack; undefined when the pack has no such intent. */
  intentPolicy: IntentPolicy | undefined;
  /** AUTO_RESOLVE_THRESHOLD. */
  defaultThreshold: number;
  replyAvailable: boolean;
}

/**
 * What to do with the ticket. Every field the audit trail needs travels with it: `confidence` is
 * the classifier's confidence once known to be valid (else null), and `threshold` is the threshold
 * the confidence was compared with (null when no comparison was made).
 */
export type Decision =
  | { kind: 'auto_resolve'; intent: string; confidence: number; threshold: number }
  | {
      kind: 'escalate';
      reason: EscalationReason;
      intent: string | null;
      confidence: number | null;
      threshold: number | null;
    };

type Escalation = Extract<Decision, { kind: 'escalate' }>;

const escalate = (
  reason: EscalationReason,
  intent: string | null = null,
  confidence: number | null = null,
  threshold: number | null = null,
): Escalation => ({ kind: 'escalate', reason, intent, confidence, threshold });

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
 * 2. `classifier_error` — no usable classification (an error, or no string intent): nothing after
 *    this can be judged.
 * 3. `invalid_confidence` — a confidence that is not a probability means the classifier is broken,
 *    so its label is not trusted either; reporting this before `unknown_intent` keeps the fault
 *    visible instead of hiding it behind a plausible-looking reason.
 * 4. `unknown_intent` — the classifier said "unknown", or the intent is not in the pack (no policy
 *    to consult).
 * 5. `intent_requires_human` — the pack says never auto-resolve this intent, whatever the
 *    confidence; thresholds are irrelevant for it.
 * 6. `invalid_threshold` — the default or the intent's override is not in (0, 1]. Checked only when
 *    a comparison is about to be made. A broken default escalates even when an override would be
 *    used: it means the configuration cannot be trusted.
 * 7. `low_confidence` — below the effective threshold (the intent's own, else the default); a
 *    confidence exactly at the threshold passes.
 * 8. `no_reply_available` — last, because whether a reply exists says nothing about whether the
 *    message was understood; reporting understanding problems first keeps calibration metrics honest.
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
  const { asksForHuman, escalateAsUrgent, classification, intentPolicy, defaultThreshold, replyAvailable } = input as Record<string, unknown>;

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
  if (intent === UNKNOWN_INTENT || !isRecord(intentPolicy)) return escalate('unknown_intent', intent, confidence);
  const { autoResolve, threshold: override } = intentPolicy;
  if (autoResolve !== true) return escalate('intent_requires_human', intent, confidence);

  // An absent override (e.g. omitted in YAML) means the same as null: use the default.
  const threshold = override === null || override === undefined ? defaultThreshold : override;
  if (!isValidThreshold(defaultThreshold) || !isValidThreshold(threshold)) return escalate('invalid_threshold', intent, confidence);

  if (confidence < threshold) return escalate('low_confidence', intent, confidence, threshold);
  if (replyAvailable !== true) return escalate('no_reply_available', intent, confidence, threshold);
  return { kind: 'auto_resolve', intent, confidence, threshold };
}
