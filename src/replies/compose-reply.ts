// Turns the chosen candidate into the text the customer gets. A reused answer is introduced once,
// here, and never stored with its introduction: what is reused later is the person's own words
// (a stored preface was reused and prefaced again, up to 8 deep). With an LLM configured, the model
// only rewords the candidate for this customer's message; if it fails in any way the candidate
// itself is sent, so an LLM outage costs wording, never an answer. A passage of the deployer's docs
// is answered by the LLM from that passage and the others retrieved with it, citing them, and the
// answer is sent only if every sentence is supported by what it cites (groundedness.ts); otherwise,
// and without an LLM, the passage is sent in the docs' own words (passage-answer.ts).
import type { CandidateKind } from '../domain/answer-confidence.js';
import type { StoredPassage } from '../domain/ports/knowledge.js';
import type { ReplyWriter, SourcePassage } from '../domain/ports/triage.js';
import type { ResponseSource } from '../domain/ticket.js';
import { renderCitations } from './cite-sources.js';
import { checkGroundedness } from './groundedness.js';
import { capLength, MAX_PASSAGE_CHARS } from './llm-prompt.js';
import { passageLink, passageTitle } from './passage-answer.js';
import type { ReplyCandidate } from './reply-candidates.js';

/** Said before a reused answer, so the customer knows where it comes from. */
export const REUSE_PREFACE = 'This answer comes from a similar request we resolved before:';

export interface ComposedReply {
  text: string;
  source: Extract<ResponseSource, 'SIMILAR_TICKET' | 'TEMPLATE' | 'LLM' | 'KNOWLEDGE'>;
  /**
   * Why the LLM's wording was not used, when one is configured and failed: its failure reason, or
   * `ungrounded` when its answer from passages said something they do not support.
   */
  llmError: string | null;
}

/** The passages an answer from the docs may draw on: the chosen one and the others retrieved with it. */
export interface RetrievedPassages {
  chosen: StoredPassage;
  /** Best first; the chosen one is left out if present. */
  others: readonly StoredPassage[];
}

export interface ComposeReplyInput {
  ticketId?: string;
  candidate: Pick<ReplyCandidate, 'kind' | 'text'>;
  message: string;
  /** The intent the answer is for (the LLM prompt names it); null when it has none. */
  intent: string | null;
  /** Absent when no LLM is configured. */
  writer: ReplyWriter | undefined;
  /** For a passage candidate: its passage and the others retrieved. Absent: it is sent in the docs' own words. */
  passages?: RetrievedPassages | undefined;
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
  if (candidate.kind === 'passage') return composePassageReply(input, text);
  if (!input.writer) return { text, source, llmError: null };
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
    return { text, source, llmError: failureReason(err) };
  }
}

/** The passages as the writer gets them: numbered from 1, the chosen one first, each at most once. */
export function sourcePassages(passages: RetrievedPassages): SourcePassage[] {
  const all = [passages.chosen, ...passages.others.filter((p) => p.id !== passages.chosen.id)];
  return all.map((p, i) => ({ id: i + 1, title: passageTitle(p), link: passageLink(p), text: capLength(p.text, MAX_PASSAGE_CHARS) }));
}

/** The LLM's answer from the passages when it is grounded, else `extractive` (the docs' own words). */
async function composePassageReply(input: ComposeReplyInput, extractive: string): Promise<ComposedReply> {
  const plain = { text: extractive, source: 'KNOWLEDGE' } as const;
  const answerFromPassages = input.writer?.answerFromPassages?.bind(input.writer);
  if (!answerFromPassages || !input.passages) return { ...plain, llmError: null };
  const passages = sourcePassages(input.passages);
  let answer: string;
  try {
    answer = (await answerFromPassages({ ticketId: input.ticketId, customerMessage: input.message, passages })).trim();
  } catch (err) {
    return { ...plain, llmError: failureReason(err) };
  }
  if (answer === '') return { ...plain, llmError: 'empty_output' };
  if (!checkGroundedness(answer, passages).isGrounded) return { ...plain, llmError: 'ungrounded' };
  return { text: renderCitations(answer, passages), source: 'LLM', llmError: null };
}

function failureReason(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { reason?: unknown }).reason === 'string'
    ? (err as { reason: string }).reason
    : 'error';
}
