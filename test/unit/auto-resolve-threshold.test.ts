import { describe, expect, it } from 'vitest';
import { impliedThreshold, isThresholdInRange, thresholdInForce } from '../../src/domain/auto-resolve-threshold.js';

describe('isThresholdInRange', () => {
  it('accepts 0.5 to 0.99 inclusive and nothing else', () => {
    for (const ok of [0.5, 0.75, 0.99]) expect(isThresholdInRange(ok)).toBe(true);
    for (const bad of [0.49, 0.991, 1, 0, Number.NaN, Number.POSITIVE_INFINITY]) expect(isThresholdInRange(bad)).toBe(false);
  });
});

describe('thresholdInForce', () => {
  it('is the admins’ override when there is one, else the environment’s', () => {
    expect(thresholdInForce(0.9, null)).toEqual({ value: 0.9, source: 'environment' });
    expect(thresholdInForce(0.9, 0.8)).toEqual({ value: 0.8, source: 'override' });
  });
});

describe('impliedThreshold', () => {
  const curve = [
    { threshold: 0.9, coverage: 0.3, precision: 0.98 },
    { threshold: 0.5, coverage: 0.9, precision: 0.7 },
    { threshold: 0.8, coverage: 0.5, precision: 0.97 },
    { threshold: 0.99, coverage: 0, precision: null },
  ];

  it('is the lowest threshold whose precision met the target, whatever the order given', () => {
    expect(impliedThreshold(curve, 0.97)).toBe(0.8);
    expect(impliedThreshold(curve, 0.98)).toBe(0.9);
  });

  it('is null when no threshold met the target or none covered a ticket', () => {
    expect(impliedThreshold(curve, 0.99)).toBeNull();
    expect(impliedThreshold([{ threshold: 0.5, coverage: null, precision: null }], 0.5)).toBeNull();
  });
});
