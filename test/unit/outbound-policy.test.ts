// The shared outbound policy (cockatiel): retries with backoff, a timeout per attempt, and a
// breaker that stops calling a failing dependency, with its state on the board.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CircuitOpenError, OutboundTimeoutError } from '../../src/domain/resilience.js';
import { createBreakerBoard, createOutboundPolicy, type OutboundPolicyOptions } from '../../src/infra/resilience/outbound-policy.js';

const log = pino({ level: 'silent' });
const OPTIONS: OutboundPolicyOptions = { timeoutMs: 200, retries: 2, backoffMs: 5, breakerFailures: 3, breakerCooldownMs: 150 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Refused extends Error {}

/** A call that fails its first `failures` times, counting every call made. */
function flaky(failures: number) {
  const calls: number[] = [];
  return {
    calls,
    run: async () => {
      calls.push(Date.now());
      if (calls.length <= failures) throw new Error(`failure ${calls.length}`);
      return 'ok';
    },
  };
}

describe('outbound policy', () => {
  it('retries a failing call with growing backoff and returns its success', async () => {
    const policy = createOutboundPolicy('dep', { ...OPTIONS, breakerFailures: 10 }, log);
    const call = flaky(2);
    await expect(policy.execute(call.run)).resolves.toBe('ok');
    expect(call.calls).toHaveLength(3);
    expect(policy.state).toBe('closed');
  });

  it('gives up after its retries with the call’s own error', async () => {
    const policy = createOutboundPolicy('dep', { ...OPTIONS, breakerFailures: 10 }, log);
    const call = flaky(99);
    await expect(policy.execute(call.run)).rejects.toThrow('failure 3');
    expect(call.calls).toHaveLength(3);
  });

  it('aborts an attempt at its deadline and does not retry a timeout (it may have taken effect)', async () => {
    const policy = createOutboundPolicy('dep', { ...OPTIONS, timeoutMs: 30 }, log);
    let aborted = false;
    let calls = 0;
    const slow = (signal: AbortSignal) => {
      calls += 1;
      return new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('late'), 1000);
        signal.addEventListener('abort', () => {
          aborted = true;
          clearTimeout(timer);
        });
      });
    };
    await expect(policy.execute(slow)).rejects.toBeInstanceOf(OutboundTimeoutError);
    expect(aborted).toBe(true);
    expect(calls).toBe(1);
  });

  it('opens after consecutive failures, then short-circuits without calling, then lets a trial through after the cool-down', async () => {
    const board = createBreakerBoard(log);
    const policy = board.policy('slack', { ...OPTIONS, retries: 0 });
    const call = flaky(3);
    for (let i = 0; i < 3; i += 1) await expect(policy.execute(call.run)).rejects.toThrow(/failure/);
    expect(board.states()).toEqual({ slack: 'open' });

    const open = await policy.execute(call.run).catch((err: unknown) => err);
    expect(open).toBeInstanceOf(CircuitOpenError);
    expect((open as CircuitOpenError).retryAfterMs).toBeGreaterThan(0);
    expect(call.calls).toHaveLength(3);

    await sleep(OPTIONS.breakerCooldownMs + 20);
    expect(policy.state).toBe('half_open');
    await expect(policy.execute(call.run)).resolves.toBe('ok');
    expect(board.states()).toEqual({ slack: 'closed' });
  });

  it('does not retry, or count against the breaker, errors that are not the dependency failing', async () => {
    const policy = createOutboundPolicy('dep', { ...OPTIONS, breakerFailures: 1, isFailure: (err) => !(err instanceof Refused) }, log);
    let calls = 0;
    const refused = async () => {
      calls += 1;
      throw new Refused('not this one');
    };
    for (let i = 0; i < 3; i += 1) await expect(policy.execute(refused)).rejects.toBeInstanceOf(Refused);
    expect(calls).toBe(3);
    expect(policy.state).toBe('closed');
  });

  it('refuses two policies under one name', () => {
    const board = createBreakerBoard(log);
    board.policy('llm', OPTIONS);
    expect(() => board.policy('llm', OPTIONS)).toThrow(/exists already/);
  });
});
