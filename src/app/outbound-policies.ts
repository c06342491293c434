// Each outbound dependency's instance of the shared policy (infra/resilience), from the config.
import type { Config } from '../config/config.js';
import { RateLimitedError, UndeliverableError } from '../domain/ports/chat.js';
import type { OutboundPolicy } from '../domain/resilience.js';
import type { BreakerBoard } from '../infra/resilience/outbound-policy.js';
import { llmPolicyFailure } from '../replies/llm-reply-writer.js';

/**
 * A 429 or a refusal of one message (unknown channel, missing access) comes from a platform that
 * works: the delivery queue handles those, and they must not open the breaker.
 */
const chatFailure = (err: unknown): boolean => !(err instanceof RateLimitedError || err instanceof UndeliverableError);

/** Slack, Discord and the alert webhook share the OUTBOUND_* and BREAKER_* figures. */
export function outboundPolicy(board: BreakerBoard, config: Readonly<Config>, name: 'slack' | 'discord' | 'alert_webhook'): OutboundPolicy {
  const { outbound } = config;
  return board.policy(name, { ...outbound, backoffMs: 250, isFailure: chatFailure });
}

/**
 * The LLM: no retries. A triage waits for it, and a failure costs only wording (the solution or
 * template is sent as written), so a second attempt is worth less than the wait.
 */
export function llmPolicy(board: BreakerBoard, llm: NonNullable<Config['llm']>): OutboundPolicy {
  return board.policy('llm', {
    timeoutMs: llm.timeoutMs,
    retries: 0,
    backoffMs: 250,
    breakerFailures: llm.breakerFailures,
    breakerCooldownMs: llm.breakerCooldownMs,
    isFailure: llmPolicyFailure,
  });
}

/**
 * The embeddings endpoint: no retries (a query waits on it, a sync tries again next time) and the
 * shared BREAKER_* figures. Its own breaker, so a failing endpoint costs neither the LLM nor chat.
 */
export function embeddingsPolicy(
  board: BreakerBoard,
  config: Readonly<Config>,
  embeddings: NonNullable<Config['embeddings']>,
): OutboundPolicy {
  const { outbound } = config;
  return board.policy('embeddings', {
    timeoutMs: embeddings.timeoutMs,
    retries: 0,
    backoffMs: 250,
    breakerFailures: outbound.breakerFailures,
    breakerCooldownMs: outbound.breakerCooldownMs,
  });
}
