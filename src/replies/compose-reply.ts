// Turns the chosen candidate into the text the customer gets. A reused answer is introduced once,
// here, and never stored with its introduction: what is reused later is the person's own words
// (a stored preface was reused and prefaced again, up to 8 deep). With an LLM configured, the model
// only rewords the candidate for this customer's message; if it fails in any way the candidate
// itself is sent, so an LLM outage costs wording, never an answer. A passage of the deployer's docs
// is sent in the docs' own words (passage-answer.ts): an LLM rewording it could say what the page
// does not, and nothing here checks that it did not.
import type { CandidateKind } from '../domain/answer-confidence.js';
import type { ReplyWriter } from '../domain/ports/triage.js';
import type { ResponseSource } from '../domain/ticket.js';
import type { ReplyCandidate } from './reply-candidates.js';

/** Said before a reused answer, so the customer knows where it comes from. */
export const REUSE_PREFACE = 'This answer comes from a similar request we resolved before:';

export interface ComposedReply {
  text: string;
  source: Extract<ResponseSource, 'SIMILAR_TICKET' | 'TEMPLATE' | 'LLM' | 'KNOWLEDGE'>;
  /** Why the LLM's wording was not used, when one is configured and failed. */
  llmError: string | null;
}

export interface ComposeReplyInput {
  ticketId?: string;
  candidate: Pick<ReplyCandidate, 'kind' | 'text'>;
  message: string;
  /** The intent the answer is for (the LLM prompt names it); null when it has none. */
  intent: string | null;
  /** Absent when no LLM is configured. */
  writer: ReplyWriter | undefined;
}

/** The candidate as sent without an LLM: a reused answer gets its one preface. */
export function plainReply(candidate: Pick<ReplyCandidate, 'kind' | 'text'>): string {
  return candidate.kind === 'solution' ? `${REUSE_PREFACE}\n\n${candidate.text}` : candidate.text;
}

const SOURCE_OF = { solution: 'SIMILAR_TICKET', template: 'TEMPLATE', passage: 'KNOWLEDGE' } as const satisfies Record<
  CandidateKind,
  ResponseSource
>;

export async function composeReply(input: ComposeReplyInput): Promise<ComposedReply> {
  const { candidate } = input;
  const text = plainReply(candidate);
  const source = SOURCE_OF[candidate.kind];
  if (!input.writer || candidate.kind === 'passage') return { text, source, llmError: null };
  try {
    const worded = (
      await input.writer.write({
        ticketId: input.ticketId,
        customerMessage: input.message,
        basis: candidate.text,
        basisKind: candidate.kind === 'template' ? 'template' : 'similar_ticket',
        intent: input.intent ?? 'none',
      })
    ).trim();
    if (worded === '') return { text, source, llmError: 'empty_output' };
    return { text: worded, source: 'LLM', llmError: null };
  } catch (err) {
    const reason =
      typeof err === 'object' && err !== null && typeof (err as { reason?: unknown }).reason === 'string'
        ? (err as { reason: string }).reason
        : 'error';
    return { text, source, llmError: reason };
  }
}
