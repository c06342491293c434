import { describe, expect, it } from 'vitest';
import { applyMonotoneMap } from '../../src/domain/answer-confidence.js';
import { fitIsotonic } from '../../src/nlp/isotonic.js';

describe('isotonic calibration', () => {
  it('pools scores whose outcomes go the wrong way, and pools runs of one outcome into one block', () => {
    const map = fitIsotonic([1, 2, 3, 4, 5, 6], [false, false, true, false, true, true]);
    expect(map.scores).toEqual([1.5, 3.5, 5.5]);
    // Each block's rate is shrunk by two pseudo-outcomes at the overall rate (1/2): 0/2 → 1/4, 1/2 → 2/4, 2/2 → 3/4.
    expect(map.probabilities).toEqual([0.25, 0.5, 0.75]);
  });

  it('keeps a handful of right answers at the top below certainty, near the overall rate when it is low', () => {
    const outcomes = [...Array<boolean>(95).fill(false), ...Array<boolean>(5).fill(true)];
    const map = fitIsotonic(
      outcomes.map((_, i) => i),
      outcomes,
    );
    expect(map.probabilities.at(-1)).toBeCloseTo((5 + 2 * 0.05) / 7, 10);
    expect(map.probabilities[0]).toBeCloseTo((2 * 0.05) / 97, 10);
  });

  it('never decreases, even where smoothing blocks of different sizes would', () => {
    const outcomes = [false, false, false, false, false, false, true, false, true];
    const map = fitIsotonic(
      outcomes.map((_, i) => i),
      outcomes,
    );
    for (let i = 1; i < map.probabilities.length; i++) expect(map.probabilities[i]!).toBeGreaterThanOrEqual(map.probabilities[i - 1]!);
  });

  it('interpolates between knots and is flat beyond the ends', () => {
    const map = { scores: [0, 2], probabilities: [0.2, 0.6] };
    expect(applyMonotoneMap(map, -5)).toBe(0.2);
    expect(applyMonotoneMap(map, 1)).toBeCloseTo(0.4, 10);
    expect(applyMonotoneMap(map, 9)).toBe(0.6);
  });
});
