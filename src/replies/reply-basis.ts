// What an automatic answer is built from, in order of preference: the solution of a similar
// resolved ticket (it already helped someone with this problem), else the intent's best template.
import type { SolutionMatch } from '../domain/pipeline-ports.js';
import type { IntentDefinition } from '../intents/intent-pack.js';
import { chooseTemplate } from './choose-template.js';

export type ReplyBasis =
  | { kind: 'similar_ticket'; text: string; matchedTicketId: string; similarity: number }
  /** `text` still has its placeholders: they are filled once the answer is sent (see composeReply). */
  | { kind: 'template'; text: string; templateId: string; matchedKeywords: number };

/** Said before a reused answer, so the customer knows where it comes from. */
export const REUSE_PREFACE = 'This answer comes from a similar request we resolved before:';

export interface ReplyBasisInput {
  message: string;
  /** The classified intent's pack entry (undefined for `unknown` or an intent the pack lacks). */
  intent: IntentDefinition | undefined;
  /** The best similar resolved ticket, if any reached the similarity threshold. */
  match: SolutionMatch | undefined;
}

/**
 * A reused solution is only taken when its ticket had the same intent (or none recorded): two
 * messages can share most of their words and still ask different things, and the classifier's
 * intent is the second opinion that guards against reusing the wrong answer.
 */
export function chooseReplyBasis(input: ReplyBasisInput): ReplyBasis | null {
  const { match, intent } = input;
  if (match && intent && (match.solution.intent === null || match.solution.intent === intent.name)) {
    return {
      kind: 'similar_ticket',
      text: `${REUSE_PREFACE}\n\n${match.solution.response.trim()}`,
      matchedTicketId: match.ticketId,
      similarity: match.score,
    };
  }
  if (!intent) return null;
  const choice = chooseTemplate(intent.templates, input.message);
  if (!choice) return null;
  return { kind: 'template', text: choice.template.text, templateId: choice.template.id, matchedKeywords: choice.matchedKeywords };
}
