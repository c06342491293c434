// What an agent may give as a ticket's intent when resolving it: one rule for the REST API and both
// chat modals. The label is what the classifier learns from (intent-model.ts), so a name outside the
// pack is a new, learned intent, and a typo would become one too: hence a strict shape.
import { z } from 'zod';
import { UNKNOWN_INTENT } from '../../domain/decide.js';
import { AppError } from '../../domain/errors.js';

export const INTENT_LABEL_MAX_CHARS = 64;

/**
 * The intent pack's rule for names (ZIntentName in intents/intent-pack.ts), so a learned intent can
 * later be written into a pack as it is.
 */
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** The rule, worded to follow a field name or a quoted value ("body.intent must be …"). */
export const INTENT_LABEL_RULE =
  `must be "${UNKNOWN_INTENT}" (none of our topics) or a snake_case name: lower-case letters and digits, words joined by single underscores, ` +
  `starting with a letter, at most ${INTENT_LABEL_MAX_CHARS} characters (e.g. "refund_request")`;

/** The label as stored: trimmed and lower-cased. */
export const normalizeIntentLabel = (raw: string): string => raw.trim().toLowerCase();

/** Whether an already normalised label follows the rule. */
export const isIntentLabel = (label: string): boolean =>
  label === UNKNOWN_INTENT || (label.length <= INTENT_LABEL_MAX_CHARS && SNAKE_CASE.test(label));

export type IntentLabelResult = { ok: true; intent: string } | { ok: false; problem: string };

/** The normalised label, or the sentence to show the agent (the value they gave, and the rule). */
export function parseIntentLabel(raw: string): IntentLabelResult {
  const intent = normalizeIntentLabel(raw);
  if (isIntentLabel(intent)) return { ok: true, intent };
  const shown = raw.trim().length > 80 ? `${raw.trim().slice(0, 79)}…` : raw.trim();
  return { ok: false, problem: `The intent "${shown}" ${INTENT_LABEL_RULE}.` };
}

/**
 * The normalised label.
 * @throws AppError `validation_failed` naming the field, the rule and what to do instead.
 */
export function requireIntentLabel(raw: string): string {
  const parsed = parseIntentLabel(raw);
  if (parsed.ok) return parsed.intent;
  throw new AppError('validation_failed', {
    message: `${parsed.problem} Use "${UNKNOWN_INTENT}" when no topic fits, or give no intent to resolve without teaching the classifier.`,
    details: { fields: [{ field: 'intent', message: INTENT_LABEL_RULE }] },
  });
}

/** The same rule for request bodies: trims and lower-cases, then checks. */
export const ZIntentLabel = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isIntentLabel, { message: INTENT_LABEL_RULE })
  .meta({
    description:
      `The ticket's intent, which the classifier learns from: a pack intent to confirm or correct the guess, "${UNKNOWN_INTENT}" when no topic fits, ` +
      'or a new snake_case name for a new topic (a learned intent). Leave it out to resolve without teaching the classifier.',
  });
