import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/nlp/dataset-file.js';
import {
  accuracy,
  macroF1,
  ownThresholdRow,
  perLabelFigures,
  thresholdForPrecision,
  thresholdRow,
  type ScoredPrediction,
} from '../../src/nlp/evaluation.js';
import { fitTemperature } from '../../src/nlp/temperature.js';

const p = (label: string, intent: string, confidence: number): ScoredPrediction => ({ label, intent, confidence });

describe('evaluation figures', () => {
  const predictions = [
    p('a', 'a', 0.95),
    p('a', 'a', 0.9),
    p('b', 'a', 0.8), // wrong, confident
    p('b', 'b', 0.7),
    p('unknown', 'a', 0.6), // out of scope, answered at ≤ 0.6
    p('unknown', 'unknown', 0.99), // correctly rejected: never an answer
  ];

  it('computes accuracy and macro-F1', () => {
    expect(accuracy(predictions)).toBeCloseTo(4 / 6);
    // F1: a = 2·2/(2·2+2+0) = 0.667, b = 2/(2+0+1) = 0.667, unknown = 2/(2+0+1) = 0.667
    expect(macroF1(predictions)).toBeCloseTo(2 / 3);
  });

  it('reports coverage of in-scope messages, precision of answers and out-of-scope answered', () => {
    expect(thresholdRow(predictions, 0.75)).toEqual({
      threshold: 0.75,
      coverage: 3 / 4,
      precision: 2 / 3,
      answered: 3,
      outOfScopeAnswered: 0,
    });
    expect(thresholdRow(predictions, 0.5)).toEqual({ threshold: 0.5, coverage: 1, precision: 3 / 5, answered: 5, outOfScopeAnswered: 1 });
    expect(thresholdRow(predictions, 0.99).precision).toBeNull();
  });

  it('reports precision and recall per label, null where undefined', () => {
    expect(perLabelFigures(predictions)).toEqual([
      { label: 'a', support: 2, precision: 2 / 4, recall: 1 },
      { label: 'b', support: 2, precision: 1, recall: 1 / 2 },
      { label: 'unknown', support: 2, precision: 1, recall: 1 / 2 },
    ]);
    expect(perLabelFigures([p('a', 'c', 0.5)])).toEqual([
      { label: 'a', support: 1, precision: null, recall: 0 },
      { label: 'c', support: 0, precision: 0, recall: null },
    ]);
  });

  it('answers each prediction at its own threshold when the threshold was chosen per fold', () => {
    const perFold = predictions.map((x, i) => ({ ...x, threshold: i < 3 ? 0.85 : null }));
    // Fold one (first three) answers 0.95 and 0.9; fold two never answers.
    expect(ownThresholdRow(perFold)).toEqual({ coverage: 2 / 4, precision: 1, answered: 2, outOfScopeAnswered: 0 });
  });

  it('finds the lowest threshold that keeps the target precision', () => {
    expect(thresholdForPrecision(predictions, 1, 1)).toBe(0.9);
    expect(thresholdForPrecision(predictions, 0.6, 1)).toBe(0.6);
    expect(thresholdForPrecision(predictions, 1, 3)).toBeNull();
  });
});

describe('fitTemperature', () => {
  it('cools an overconfident model (T > 1) and sharpens an underconfident one (T < 1)', () => {
    // Logits that always put 0.99+ on class 0, which is right only 70 % of the time.
    const overconfident = Array.from({ length: 100 }, () => Float64Array.from([6, 0, 0]));
    const labels = Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1 + (i % 2)));
    expect(fitTemperature(overconfident, labels)).toBeGreaterThan(1);
    const timid = Array.from({ length: 100 }, () => Float64Array.from([0.2, 0, 0]));
    const alwaysRight = Array.from({ length: 100 }, () => 0);
    expect(fitTemperature(timid, alwaysRight)).toBeLessThan(1);
  });
});

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, commas and newlines inside fields', () => {
    expect(parseCsv('text,category\n"Hello, ""you""",greet\r\n"two\nlines",multi\nplain,x\n')).toEqual([
      ['text', 'category'],
      ['Hello, "you"', 'greet'],
      ['two\nlines', 'multi'],
      ['plain', 'x'],
    ]);
  });
});
