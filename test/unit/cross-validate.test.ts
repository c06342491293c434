import { describe, expect, it } from 'vitest';
import { crossValidate, stratifiedFolds } from '../../src/nlp/cross-validate.js';

const labelled = (labels: string) => [...labels].map((label, i) => ({ label, id: i }));

describe('stratifiedFolds', () => {
  it('deals each label round-robin so every fold gets its share of every label', () => {
    expect(Array.from(stratifiedFolds([...'aaaaabbbbbbc'], 3))).toEqual([0, 1, 2, 0, 1, 0, 1, 2, 0, 1, 2, 0]);
  });

  it('rejects fewer than two folds', () => {
    expect(() => stratifiedFolds(['a', 'b'], 1)).toThrow(/folds/);
    expect(() => stratifiedFolds(['a', 'b'], 2.5)).toThrow(/folds/);
  });
});

describe('crossValidate', () => {
  it('predicts every item once, in input order, with a model that never saw it', () => {
    const items = labelled('aaaabbbbcc');
    const seenBy: number[][] = [];
    const results = crossValidate(items, 2, (training, heldOut, fold) => {
      seenBy[fold] = training.map((t) => t.id);
      return heldOut.map((h) => ({ id: h.id, fold, trainedOnIt: training.some((t) => t.id === h.id) }));
    });
    expect(results.map((r) => r.id)).toEqual(items.map((d) => d.id));
    expect(results.every((r) => !r.trainedOnIt)).toBe(true);
    // Each fold trains on everything the other fold holds out.
    expect([...seenBy[0]!, ...seenBy[1]!].sort((a, b) => a - b)).toEqual(items.map((d) => d.id));
  });

  it('skips folds that would hold out nothing', () => {
    const calls: number[] = [];
    crossValidate(labelled('ab'), 5, (_training, heldOut, fold) => {
      calls.push(fold);
      return heldOut.map(() => null);
    });
    expect(calls).toEqual([0]);
  });

  it('refuses a trainer that returns the wrong number of results', () => {
    expect(() => crossValidate(labelled('aabb'), 2, () => [])).toThrow(/expected 2 results/);
  });
});
