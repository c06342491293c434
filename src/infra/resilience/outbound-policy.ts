// The one resilience policy every outbound dependency sits behind (cockatiel): a timeout per
// attempt, retries with exponential backoff, and a consecutive-failure circuit breaker. Each
// dependency gets its own instance from the board, which reports every breaker's state.
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import type { Logger } from 'pino';
import {
  CircuitOpenError,
  OutboundTimeoutError,
  type BreakerState,
  type BreakerStates,
  type OutboundPolicy,
} from '../../domain/resilience.js';

export interface OutboundPolicyOptions {
  /** Per attempt. The call's signal aborts at the deadline; a call that ignores it is abandoned. */
  timeoutMs: number;
  /** Attempts after the first, for failures `retryable` accepts. */
  retries: number;
  /** First backoff; it doubles per retry (with jitter), up to ten times this. */
  backoffMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerFailures: number;
  /** How long the breaker stays open before one trial call is let through. */
  breakerCooldownMs: number;
  /**
   * Whether an error says the dependency is failing. Errors that do not (a 429, a refusal of this
   * one request) neither count against the breaker nor retry. Default: every error.
   */
  isFailure?: (err: unknown) => boolean;
  /**
   * Whether a failure may be retried at once. Default: any failure but a timeout, whose request
   * may still have taken effect (a chat post would then appear twice).
   */
  retryable?: (err: unknown) => boolean;
}

export interface BreakerBoard extends BreakerStates {
  /** The policy for one dependency; one per name. */
  policy(name: string, options: OutboundPolicyOptions): OutboundPolicy;
}

export function createBreakerBoard(log: Logger): BreakerBoard {
  const policies = new Map<string, OutboundPolicy>();
  return {
    policy(name, options) {
      if (policies.has(name)) throw new Error(`an outbound policy named ${name} exists already`);
      const policy = createOutboundPolicy(name, options, log.child({ component: 'breaker', dependency: name }));
      policies.set(name, policy);
      return policy;
    },
    states: () => Object.fromEntries([...policies].map(([name, policy]) => [name, policy.state])),
  };
}

export function createOutboundPolicy(name: string, options: OutboundPolicyOptions, log: Logger): OutboundPolicy {
  const isFailure = options.isFailure ?? (() => true);
  const retryable = options.retryable ?? ((err: unknown) => !(err instanceof TaskCancelledError));
  const breaker = circuitBreaker(
    handleWhen((err) => isFailure(err)),
    { halfOpenAfter: options.breakerCooldownMs, breaker: new ConsecutiveBreaker(options.breakerFailures) },
  );
  const retries = retry(
    handleWhen((err) => !(err instanceof BrokenCircuitError) && isFailure(err) && retryable(err)),
    {
      maxAttempts: options.retries,
      backoff: new ExponentialBackoff({ initialDelay: options.backoffMs, maxDelay: options.backoffMs * 10 }),
    },
  );
  const policy = wrap(retries, breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));

  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
    log.warn({ failures: options.breakerFailures, cooldownMs: options.breakerCooldownMs }, `${name} circuit opened`);
  });
  breaker.onHalfOpen(() => log.info(`${name} circuit half-open, letting a trial call through`));
  breaker.onReset(() => log.info(`${name} circuit closed`));
  const remainingCooldown = () => Math.max(0, options.breakerCooldownMs - (Date.now() - openedAt));

  return {
    name,
    get state(): BreakerState {
      if (breaker.state === CircuitState.Closed) return 'closed';
      if (breaker.state === CircuitState.HalfOpen) return 'half_open';
      // cockatiel moves to half-open lazily, on the next call; report what that call will meet.
      return remainingCooldown() === 0 ? 'half_open' : 'open';
    },
    async execute(call) {
      try {
        return await policy.execute(({ signal }) => call(signal));
      } catch (err) {
        // instanceof, not cockatiel's is…Error guards: in 3.2.1 isTaskCancelledError tests the wrong marker.
        if (err instanceof BrokenCircuitError) throw new CircuitOpenError(name, remainingCooldown());
        if (err instanceof TaskCancelledError) throw new OutboundTimeoutError(name, options.timeoutMs);
        throw err;
      }
    },
  };
}
