import { describe, expect, it } from 'vitest';
import { SHADOW_THRESHOLDS, shadowAgreement } from '../../src/domain/shadow-agreement.js';

describe('shadowAgreement', () => {
  it('gives coverage (share at or above the threshold) and precision (share of those agreed) per threshold', () => {
    const result = shadowAgreement(
      [
        { confidence: 0.99, agreed: true },
        { confidence: 0.95, agreed: true },
        { confidence: 0.92, agreed: false },
        { confidence: 0.9, agreed: true },
      ],
      [0.9, 0.95, 0.995],
    );
    expect(result).toEqual({
      tickets: 4,
      agreed: 3,
      byThreshold: [
        { threshold: 0.9, coverage: 1, precision: 3 / 4 },
        { threshold: 0.95, coverage: 2 / 4, precision: 1 },
        // Nothing reaches it: nothing to be precise about.
        { threshold: 0.995, coverage: 0, precision: null },
      ],
    });
  });

  it('never covers a ticket that had no best candidate, though its agent’s answer still counts', () => {
    const result = shadowAgreement(
      [
        { confidence: null, agreed: false },
        { confidence: 0.6, agreed: true },
      ],
      [0.5],
    );
    expect(result).toEqual({ tickets: 2, agreed: 1, byThreshold: [{ threshold: 0.5, coverage: 1 / 2, precision: 1 }] });
  });

  it('reports every threshold with no figures when no shadow ticket was answered', () => {
    const result = shadowAgreement([]);
    expect(result.tickets).toBe(0);
    expect(result.byThreshold.map((t) => t.threshold)).toEqual([...SHADOW_THRESHOLDS]);
    expect(result.byThreshold.every((t) => t.coverage === null && t.precision === null)).toBe(true);
  });
});
