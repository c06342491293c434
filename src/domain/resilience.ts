// What callers of an outbound dependency (the LLM, Slack, Discord, the alert webhook) see of the
// shared resilience policy: run a call through it, read its breaker. infra/resilience implements it.

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface OutboundPolicy {
  /** The dependency's name in logs, GET /health and the Prometheus metrics ("llm", "slack"…). */
  readonly name: string;
  /** What the next call will meet. */
  readonly state: BreakerState;
  /**
   * Runs `call` under the timeout, retrying failures with backoff, behind the breaker. `signal`
   * aborts the attempt at its deadline. Throws CircuitOpenError while the breaker is open,
   * OutboundTimeoutError when the last attempt timed out, else the call's own last error.
   */
  execute<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** The breakers of every outbound dependency, for GET /health and the metrics. */
export interface BreakerStates {
  states(): Record<string, BreakerState>;
}

/** The breaker is open: the dependency was not called. */
export class CircuitOpenError extends Error {
  readonly dependency: string;
  /** Until the breaker lets a trial call through. */
  readonly retryAfterMs: number;

  constructor(dependency: string, retryAfterMs: number) {
    super(`${dependency} circuit is open; not called (trial in ${retryAfterMs} ms)`);
    this.name = 'CircuitOpenError';
    this.dependency = dependency;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The dependency did not answer within the policy's timeout. */
export class OutboundTimeoutError extends Error {
  readonly dependency: string;

  constructor(dependency: string, timeoutMs: number) {
    super(`${dependency} did not answer within ${timeoutMs} ms`);
    this.name = 'OutboundTimeoutError';
    this.dependency = dependency;
  }
}
