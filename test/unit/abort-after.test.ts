import { describe, expect, it } from 'vitest';
import { abortAfter } from '../../src/infra/abort-after.js';

const abortedWith = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));

describe('a deadline signal', () => {
  it('aborts with a TimeoutError once its time is up', async () => {
    const deadline = abortAfter(20);
    const reason = await abortedWith(deadline.signal);
    expect(reason).toMatchObject({ name: 'TimeoutError', message: 'no answer within 20 ms' });
  });

  it('follows a linked signal, with its reason, and one already aborted', () => {
    const outer = new AbortController();
    const deadline = abortAfter(60_000, outer.signal);
    outer.abort(new Error('breaker opened'));
    expect(deadline.signal.reason).toEqual(new Error('breaker opened'));
    deadline.done();

    const already = AbortSignal.abort('gone');
    expect(abortAfter(60_000, already).signal.reason).toBe('gone');
  });

  it('never fires once done, and stops following linked signals', async () => {
    const outer = new AbortController();
    const deadline = abortAfter(10, outer.signal);
    deadline.done();
    outer.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deadline.signal.aborted).toBe(false);
  });
});
