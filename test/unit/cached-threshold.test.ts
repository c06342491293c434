import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { cachedThreshold } from '../../src/pipeline/triage/cached-threshold.js';

const log = pino({ level: 'silent' });

function setup(ttlMs: number) {
  let clock = 0;
  let override: number | null | Error = null;
  let reads = 0;
  const threshold = cachedThreshold({
    settings: {
      autoResolveThreshold: async () => {
        reads++;
        if (override instanceof Error) throw override;
        return override;
      },
    },
    environment: 0.9,
    ttlMs,
    log,
    now: () => clock,
  });
  return {
    threshold,
    set: (value: number | null | Error) => (override = value),
    advance: (ms: number) => (clock += ms),
    reads: () => reads,
  };
}

describe('cachedThreshold', () => {
  it('keeps what it read for ttlMs, then reads the override again', async () => {
    const t = setup(10_000);
    expect(await t.threshold()).toEqual({ value: 0.9, source: 'environment' });
    t.set(0.8);
    t.advance(9_999);
    expect(await t.threshold()).toEqual({ value: 0.9, source: 'environment' });
    t.advance(1);
    expect(await t.threshold()).toEqual({ value: 0.8, source: 'override' });
    expect(t.reads()).toBe(2);
  });

  it('reads for every ticket with ttlMs 0, and tickets triaged at once share one read', async () => {
    const t = setup(0);
    t.set(0.7);
    const both = await Promise.all([t.threshold(), t.threshold()]);
    expect(both).toEqual([
      { value: 0.7, source: 'override' },
      { value: 0.7, source: 'override' },
    ]);
    expect(t.reads()).toBe(1);
    t.set(null);
    expect(await t.threshold()).toEqual({ value: 0.9, source: 'environment' });
  });

  it('falls back to the last value known, or the environment’s, when the database cannot be read', async () => {
    const t = setup(0);
    t.set(new Error('database down'));
    expect(await t.threshold()).toEqual({ value: 0.9, source: 'environment' });
    t.set(0.75);
    await t.threshold();
    t.set(new Error('database down'));
    expect(await t.threshold()).toEqual({ value: 0.75, source: 'override' });
  });
});
