// The figures a threshold is chosen by: coverage and precision per threshold, the recommendation,
// per intent, and the warm-up left out.
import { describe, expect, it } from 'vitest';
import type { ReplayOutcome } from '../../src/pipeline/replay/replay-history.js';
import { REPLAY_THRESHOLDS, reportReplay } from '../../src/pipeline/replay/replay-report.js';

let next = 0;
const answerable = (confidence: number, isRight: boolean, intent = 'none', floor = 0): ReplayOutcome => ({
  index: next++,
  intent,
  isEligible: true,
  reason: null,
  confidence,
  floor,
  isRight,
});
const toPerson = (reason: 'urgent' | 'no_reply_available', intent = 'none'): ReplayOutcome => ({
  index: next++,
  intent,
  isEligible: false,
  reason,
  confidence: null,
  floor: 0,
  isRight: false,
});
const times = (n: number, make: () => ReplayOutcome): ReplayOutcome[] => Array.from({ length: n }, make);

describe('reportReplay', () => {
  it('lists 0.50 to 0.95 by 0.05, then 0.96 to 0.99', () => {
    expect(REPLAY_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99]);
  });

  it('counts, per threshold, the tickets answered at or above it and how many of those were right', () => {
    const outcomes = [
      ...times(2, () => answerable(0.6, false)),
      ...times(3, () => answerable(0.9, true)),
      answerable(0.99, true),
      ...times(4, () => toPerson('no_reply_available')),
    ];
    const { thresholds } = reportReplay(outcomes, { targetPrecision: 0.97, warmup: 0, thresholds: [0.5, 0.6, 0.9, 0.95, 0.99] });
    expect(thresholds).toEqual([
      { threshold: 0.5, answered: 6, right: 4, coverage: 0.6, precision: 4 / 6 },
      { threshold: 0.6, answered: 6, right: 4, coverage: 0.6, precision: 4 / 6 },
      { threshold: 0.9, answered: 4, right: 4, coverage: 0.4, precision: 1 },
      { threshold: 0.95, answered: 1, right: 1, coverage: 0.1, precision: 1 },
      { threshold: 0.99, answered: 1, right: 1, coverage: 0.1, precision: 1 },
    ]);
  });

  it('recommends the lowest threshold whose precision meets the target, even when a higher one falls short again', () => {
    // 0.5: 8 of 10 right; 0.8: 8 of 9; 0.9: 1 of 2 (the wrong one is confident); 0.97: 1 of 1.
    const outcomes = [answerable(0.6, false), answerable(0.96, false), ...times(7, () => answerable(0.85, true)), answerable(0.99, true)];
    const report = reportReplay(outcomes, { targetPrecision: 0.9, warmup: 0, thresholds: [0.5, 0.8, 0.9, 0.97] });
    expect(report.thresholds.map((t) => t.precision)).toEqual([0.8, 8 / 9, 0.5, 1]);
    expect(report.recommended).toEqual({ threshold: 0.97, answered: 1, right: 1, coverage: 0.1, precision: 1 });

    const looser = reportReplay(outcomes, { targetPrecision: 0.85, warmup: 0, thresholds: [0.5, 0.8, 0.9, 0.97] });
    expect(looser.recommended?.threshold).toBe(0.8);
    expect(looser.thresholds.filter((t) => t.precision !== null && t.precision >= 0.85).map((t) => t.threshold)).toEqual([0.8, 0.97]);
  });

  it('says no threshold is recommended when none meets the target, and breaks intents down at the strictest one', () => {
    const outcomes = [answerable(0.995, false, 'refund'), answerable(0.995, true, 'refund'), answerable(0.7, true, 'login')];
    const report = reportReplay(outcomes, { targetPrecision: 0.97, warmup: 0 });
    expect(report.recommended).toBeNull();
    expect(report.perIntent).toEqual({
      threshold: 0.99,
      intents: [
        { intent: 'refund', rows: 2, answered: 2, right: 1, coverage: 1, precision: 0.5 },
        { intent: 'login', rows: 1, answered: 0, right: 0, coverage: 0, precision: null },
      ],
    });
  });

  it('leaves the warm-up rows out of every figure and counts why the others could never be answered', () => {
    const warmup = times(3, () => answerable(0.99, false));
    const rest = [answerable(0.95, true, 'login'), toPerson('urgent', 'login'), toPerson('urgent'), toPerson('no_reply_available')];
    const report = reportReplay([...warmup, ...rest], { targetPrecision: 0.97, warmup: 3 });
    expect(report.rows).toEqual({ total: 7, warmup: 3, counted: 4 });
    expect(report.recommended).toMatchObject({ threshold: 0.5, answered: 1, right: 1, coverage: 0.25, precision: 1 });
    expect(report.perIntent.intents).toEqual([
      { intent: 'login', rows: 2, answered: 1, right: 1, coverage: 0.5, precision: 1 },
      { intent: 'none', rows: 2, answered: 0, right: 0, coverage: 0, precision: null },
    ]);
    expect(report.neverAnswered).toEqual({ urgent: 2, no_reply_available: 1 });
  });

  it('holds an answer to its intent’s stricter threshold', () => {
    const report = reportReplay([answerable(0.93, true, 'payment', 0.95)], {
      targetPrecision: 0.97,
      warmup: 0,
      thresholds: [0.9, 0.95, 0.96],
    });
    expect(report.thresholds.map((t) => t.answered)).toEqual([0, 0, 0]);
    const atFloor = reportReplay([answerable(0.955, true, 'payment', 0.95)], {
      targetPrecision: 0.97,
      warmup: 0,
      thresholds: [0.9, 0.95, 0.96],
    });
    expect(atFloor.thresholds.map((t) => t.answered)).toEqual([1, 1, 0]);
  });

  it('never answers more tickets at a higher threshold', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const outcomes = Array.from({ length: 500 }, () =>
      random() < 0.2 ? toPerson('no_reply_available') : answerable(random(), random() < 0.8, random() < 0.5 ? 'a' : 'b'),
    );
    const { thresholds } = reportReplay(outcomes, { targetPrecision: 0.97, warmup: 50 });
    for (let i = 1; i < thresholds.length; i++) {
      expect(thresholds[i]!.answered).toBeLessThanOrEqual(thresholds[i - 1]!.answered);
      expect(thresholds[i]!.coverage).toBeLessThanOrEqual(thresholds[i - 1]!.coverage);
    }
  });

  it('reports nothing counted when the warm-up covers the whole history', () => {
    const report = reportReplay([answerable(0.99, true)], { targetPrecision: 0.97, warmup: 200 });
    expect(report.rows).toEqual({ total: 1, warmup: 1, counted: 0 });
    expect(report.recommended).toBeNull();
    expect(report.thresholds.every((t) => t.coverage === 0 && t.precision === null)).toBe(true);
  });
});
