// What a burst is (domain/incident-burst.ts): reports alike arriving much faster than messages like
// them usually do, judged against their own baseline. Settings as the defaults: 10-minute burst
// window, 6-hour baseline, at least 3 reporters, 5 × the expected count, tail probability ≤ 0.001.
import { describe, expect, it } from 'vitest';
import { assessBurst, expectedCount, poissonTail, type BurstSettings } from '../../src/domain/incident-burst.js';

const MINUTE = 60_000;
const SETTINGS: BurstSettings = { burstMs: 10 * MINUTE, baselineMs: 6 * 60 * MINUTE, minReports: 3, minRatio: 5, maxProbability: 0.001 };
const burst = (recent: number, baseline: number, settings = SETTINGS) => assessBurst({ recent, baseline }, settings).isBurst;

describe('poissonTail: P(X ≥ k) for X ~ Poisson(λ)', () => {
  it('is 1 for k ≤ 0 and 0 when nothing is expected', () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(3, 0)).toBe(0);
  });

  it('matches the closed forms', () => {
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 12);
  });

  it('keeps its precision far in the tail, where 1 − the head would round to 0', () => {
    // P(X ≥ 20 | 0.01) = e^−0.01 0.01^20 / 20! × (1 + 0.01/21 + 0.01²/(21·22) + …)
    const logTerm20 = 20 * Math.log(0.01) - 0.01 - Array.from({ length: 20 }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b);
    const expected = Math.exp(logTerm20) * (1 + 0.01 / 21 + 0.01 ** 2 / (21 * 22));
    expect(poissonTail(20, 0.01) / expected).toBeCloseTo(1, 9);
  });

  it('stays a probability for a large mean, below and above it', () => {
    expect(poissonTail(900, 1000)).toBeGreaterThan(0.99);
    expect(poissonTail(900, 1000)).toBeLessThanOrEqual(1);
    expect(poissonTail(1100, 1000)).toBeGreaterThan(0.0005);
    expect(poissonTail(1100, 1000)).toBeLessThan(0.003);
  });

  it('falls as k rises', () => {
    for (let k = 1; k < 30; k++) expect(poissonTail(k + 1, 4)).toBeLessThan(poissonTail(k, 4));
  });
});

describe('expectedCount', () => {
  it('scales the baseline (plus one pseudo-report) from the baseline part of the window to the burst window', () => {
    // 34 alike in the 350 minutes before the burst window: 35 / 350 × 10 = 1 expected in 10 minutes.
    expect(expectedCount(34, SETTINGS)).toBeCloseTo(1, 12);
    expect(expectedCount(0, SETTINGS)).toBeCloseTo(1 / 35, 12);
  });

  it('takes a young deployment’s rate over the history it has, at least one burst window', () => {
    // Tickets for 50 minutes before the burst window, 4 alike among them: 5 / 50 × 10 = 1.
    expect(expectedCount(4, SETTINGS, 50 * MINUTE)).toBeCloseTo(1, 12);
    expect(expectedCount(0, SETTINGS, 0)).toBeCloseTo(1, 12);
    expect(expectedCount(34, SETTINGS, 24 * 60 * MINUTE)).toBeCloseTo(expectedCount(34, SETTINGS), 12);
  });
});

describe('assessBurst', () => {
  it('calls three reporters of something never seen in six hours a burst, however fast they came', () => {
    // "Our checkout page returns a 502 Bad Gateway", three times within seconds.
    const assessment = assessBurst({ recent: 3, baseline: 0 }, SETTINGS);
    expect(assessment).toMatchObject({ isBurst: true });
    expect(assessment.probability).toBeLessThan(1e-5);
  });

  it('does not take the first people asking a common question on a new deployment’s first day for a burst', () => {
    // The first tickets ever, within ten minutes: three alike is what a busy question looks like then.
    expect(assessBurst({ recent: 3, baseline: 0, historyMs: 0 }, SETTINGS).isBurst).toBe(false);
    expect(assessBurst({ recent: 5, baseline: 0, historyMs: 0 }, SETTINGS).isBurst).toBe(false);
    // Six people within ten minutes of something not seen in the deployment's first hour still are one.
    expect(assessBurst({ recent: 6, baseline: 0, historyMs: 60 * MINUTE }, SETTINGS).isBurst).toBe(true);
  });

  it('never calls fewer than the minimum of reporters a burst', () => {
    expect(burst(2, 0)).toBe(false);
    expect(burst(2, 0, { ...SETTINGS, minReports: 2 })).toBe(true);
  });

  it('does not call a common question asked all day a burst at its usual pace, however many there are', () => {
    // "Checking order status": 12 an hour, all day. Ten minutes hold about 2; 4, 6, even 9 are no burst.
    for (const recent of [2, 4, 6, 9]) expect(burst(recent, 70)).toBe(false);
  });

  it('asks for much faster than usual, not merely faster: a significant 30 % rise of a busy question is no burst', () => {
    // 2,000 alike in the baseline: about 57 expected in 10 minutes; 80 is improbable by chance, but is
    // a busy morning, not an incident.
    const assessment = assessBurst({ recent: 80, baseline: 1_999 }, SETTINGS);
    expect(assessment.probability).toBeLessThan(0.005);
    expect(assessment.isBurst).toBe(false);
    expect(burst(300, 1_999)).toBe(true);
  });

  it('asks more reports of a question the more often it comes anyway', () => {
    const needed = (baseline: number) => {
      let k = 1;
      while (!burst(k, baseline)) k++;
      return k;
    };
    expect(needed(0)).toBe(3);
    expect(needed(10)).toBe(4);
    expect(needed(70)).toBeGreaterThan(9);
    expect(needed(0)).toBeLessThanOrEqual(needed(10));
    expect(needed(10)).toBeLessThanOrEqual(needed(70));
  });

  it('needs the count to be improbable by chance, not only large against the baseline', () => {
    // Three alike expected 0.2 in ten minutes: 15 × the rate, but P(X ≥ 3) ≈ 0.0011.
    const assessment = assessBurst({ recent: 3, baseline: 6 }, SETTINGS);
    expect(3).toBeGreaterThanOrEqual(5 * assessment.expected);
    expect(assessment.probability).toBeGreaterThan(0.001);
    expect(assessment.isBurst).toBe(false);
  });
});
