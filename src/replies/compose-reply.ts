// Turns the chosen basis into the text the customer gets. With an LLM configured, the model only
// rewords the basis for this customer's message; if it fails in any way the basis itself is sent,
// so an LLM outage costs wording, never an answer.
import type { ReplyWriter } from '../domain/pipeline-ports.js';
import type { ResponseSource } from '../domain/ticket.js';
import { fillTemplate, type Placeholder } from '../intents/intent-pack.js';
import type { ReplyBasis } from './reply-basis.js';

export interface ComposedReply {
  text: string;
  source: Extract<ResponseSource, 'SIMILAR_TICKET' | 'TEMPLATE' | 'LLM'>;
  /** Why the LLM's wording was not used, when one is configured and failed. */
  llmError: string | null;
}

export interface ComposeReplyInput {
  ticketId?: string;
  basis: ReplyBasis;
  message: string;
  intent: string;
  placeholders: Partial<Record<Placeholder, string>>;
  /** Absent when no LLM is configured. */
  writer: ReplyWriter | undefined;
}

export async function composeReply(input: ComposeReplyInput): Promise<ComposedReply> {
  const { basis } = input;
  const text = basis.kind === 'template' ? fillTemplate(basis.text, input.placeholders).trim() : basis.text.trim();
  const source = basis.kind === 'template' ? 'TEMPLATE' : 'SIMILAR_TICKET';
  if (!input.writer) return { text, source, llmError: null };
  try {
    const worded = (
      await input.writer.write({ ticketId: input.ticketId, customerMessage: input.message, basis: text, basisKind: basis.kind, intent: input.intent })
    ).trim();
    if (worded === '') return { text, source, llmError: 'empty_output' };
    return { text: worded, source: 'LLM', llmError: null };
  } catch (err) {
    const reason = typeof err === 'object' && err !== null && typeof (err as { reason?: unknown }).reason === 'string' ? (err as { reason: string }).reason : 'error';
    return { text, source, llmError: reason };
  }
}
