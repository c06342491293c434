// Outbound adapter: words a customer reply with an OpenAI-compatible chat model, from a retrieved
// solution or template only, or answers from retrieved passages of the docs, citing them. Calls go through the shared outbound policy (timeout, retry, breaker);
// every failure is an LlmUnavailableError, so the pipeline can fall back to the template or a human.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Logger } from 'pino';
import { CircuitOpenError, OutboundTimeoutError, type BreakerState, type OutboundPolicy } from '../domain/resilience.js';
import { fitReply } from './fit-reply.js';
import type { GroundedAnswerRequest } from '../domain/ports/triage.js';
import { buildGroundedPrompt, buildReplyPrompt, stripControlCharacters, type BasisKind, type ReplyPrompt } from './llm-prompt.js';

export interface LlmReplyRequest {
  /** The customer's message: untrusted data, never instructions. */
  customerMessage: string;
  /** The retrieved solution or filled template the reply must be based on. */
  basis: string;
  basisKind: BasisKind;
  intent: string;
  /** Only to correlate log lines. */
  ticketId?: string;
}

export interface LlmReplyWriterOptions {
  apiKey: string;
  /** OPENAI_BASE_URL, for any OpenAI-compatible server; OpenAI's own when absent. */
  baseURL?: string;
  model: string;
  /** The SDK's own timeout, which stops at the headers; the policy's covers the whole response. */
  timeoutMs: number;
  maxReplyChars: number;
  /** Timeout, retries and breaker (see llmPolicyFailure for what counts against it). */
  policy: OutboundPolicy;
  log: Logger;
}

export type LlmFailureReason =
  | 'timeout'
  | 'breaker_open'
  | 'http_error'
  | 'network'
  | 'empty_output'
  | 'refused'
  /** An answer we could not read (not JSON, no `choices` field…). */
  | 'bad_response';

export class LlmUnavailableError extends Error {
  readonly reason: LlmFailureReason;
  /** HTTP status when reason is 'http_error'. */
  readonly status: number | undefined;

  constructor(reason: LlmFailureReason, options: { status?: number | undefined; cause?: unknown } = {}) {
    super(`LLM reply unavailable: ${reason}${options.status ? ` (HTTP ${options.status})` : ''}`, { cause: options.cause });
    this.name = 'LlmUnavailableError';
    this.reason = reason;
    this.status = options.status;
  }
}

export interface LlmReplyWriter {
  /** The worded reply, or throws LlmUnavailableError (never returns an empty string). */
  write(request: LlmReplyRequest): Promise<string>;
  /**
   * A short answer from the passages only, citing them as [n]; throws LlmUnavailableError. Not
   * checked here: the caller checks it against the passages (groundedness.ts) before sending it.
   */
  answerFromPassages(request: GroundedAnswerRequest): Promise<string>;
  readonly breakerState: BreakerState;
  readonly model: string;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/**
 * English averages ~4 characters per token, many languages 2–3. Budgeting 2 lets our exact character
 * cut bind first in most languages while still bounding cost. Reasoning models spend part of this
 * budget on hidden reasoning and may then return nothing, which surfaces as 'empty_output'.
 */
const MIN_CHARS_PER_TOKEN = 2;

interface Completion {
  text: string;
  finishReason: string;
  requestId: string | null | undefined;
  usage: OpenAI.CompletionUsage | undefined;
}

export function createLlmReplyWriter(options: LlmReplyWriterOptions): LlmReplyWriter {
  const log = options.log.child({ component: 'llm-reply-writer', model: options.model });
  const timeoutMs = Math.ceil(options.timeoutMs); // the SDK rejects non-integer timeouts
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    // Explicit, or the SDK reads OPENAI_* variables itself; only bin/ reads the environment.
    organization: null,
    project: null,
    webhookSecret: null,
    // SDK retries would hide failures from the breaker and multiply the wait.
    maxRetries: 0,
    timeout: timeoutMs,
    // Its debug output includes request bodies, i.e. the customer's message.
    logLevel: 'off',
  });
  const maxCompletionTokens = Math.ceil(options.maxReplyChars / MIN_CHARS_PER_TOKEN);

  const { policy } = options;

  async function complete(prompt: ReplyPrompt, signal: AbortSignal): Promise<Completion> {
    const completion = await client.chat.completions.create(
      {
        model: options.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        // max_tokens is deprecated and rejected by reasoning models.
        max_completion_tokens: maxCompletionTokens,
      },
      { signal },
    );
    const choice = completion.choices[0];
    if (!choice) throw new LlmUnavailableError('empty_output');
    if (choice.finish_reason === 'content_filter' || choice.message.refusal) throw new LlmUnavailableError('refused');
    const text = stripControlCharacters(choice.message.content ?? '').trim();
    if (!text) throw new LlmUnavailableError('empty_output');
    return { text, finishReason: choice.finish_reason, requestId: completion._request_id, usage: completion.usage };
  }

  /** One completion behind the policy, cut to the length limit, logged either way. */
  async function run(buildPrompt: () => ReplyPrompt, customerMessage: string, fields: Record<string, unknown>): Promise<string> {
    const started = performance.now();
    const context = { ...fields, customerChars: customerMessage.length };
    try {
      const prompt = buildPrompt();
      const result = await policy.execute((signal) => complete(prompt, signal));
      const reply = fitReply(result.text, options.maxReplyChars, result.finishReason === 'length');
      log.info(
        {
          ...context,
          durationMs: Math.round(performance.now() - started),
          requestId: result.requestId,
          finishReason: result.finishReason,
          outputChars: result.text.length,
          replyChars: reply.length,
          promptTokens: result.usage?.prompt_tokens,
          completionTokens: result.usage?.completion_tokens,
        },
        'llm reply written',
      );
      return reply;
    } catch (err) {
      const failure = toUnavailable(err);
      // Fast-failing calls while open would flood the log; the break itself was logged once.
      log[failure.reason === 'breaker_open' ? 'debug' : 'warn'](
        {
          ...context,
          durationMs: Math.round(performance.now() - started),
          reason: failure.reason,
          status: failure.status,
          requestId: err instanceof APIError ? err.requestID : undefined,
        },
        'llm reply failed',
      );
      throw failure;
    }
  }

  return {
    model: options.model,

    get breakerState(): BreakerState {
      return policy.state;
    },

    write(request) {
      const context = { ticketId: request.ticketId, intent: request.intent, basisKind: request.basisKind };
      return run(() => buildReplyPrompt(request, options.maxReplyChars), request.customerMessage, context);
    },

    answerFromPassages(request) {
      const context = { ticketId: request.ticketId, basisKind: 'passages', passages: request.passages.length };
      return run(() => buildGroundedPrompt(request, options.maxReplyChars), request.customerMessage, context);
    },
  };
}

/**
 * What counts against the LLM's breaker: everything but a refusal. A refusal means the service works
 * but declined this one message; letting it count would let one customer's abusive messages switch
 * wording off for everyone.
 */
export function llmPolicyFailure(err: unknown): boolean {
  return !(err instanceof LlmUnavailableError && err.reason === 'refused');
}

function toUnavailable(err: unknown): LlmUnavailableError {
  if (err instanceof LlmUnavailableError) return err;
  if (err instanceof CircuitOpenError) return new LlmUnavailableError('breaker_open');
  // Only our timeout aborts a request, so an SDK "aborted" is a timeout too.
  if (err instanceof OutboundTimeoutError || err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) {
    return new LlmUnavailableError('timeout');
  }
  if (err instanceof APIConnectionError) return new LlmUnavailableError('network', { cause: err.cause ?? err });
  // No cause: an API error's message can quote the (masked) API key, and callers log causes.
  if (err instanceof APIError) return new LlmUnavailableError('http_error', { status: err.status });
  return new LlmUnavailableError('bad_response', { cause: err });
}
