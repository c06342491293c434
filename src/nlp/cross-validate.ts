// Stratified k-fold cross-validation: every labelled message is predicted once by a model that
// did not see it. Used to evaluate an intent pack, and inside training for calibration.

/**
 * Fold number (0 … folds − 1) of each item: each label's items are dealt round-robin in input
 * order, so every fold gets an equal share of every label and the result is deterministic.
 */
export function stratifiedFolds(labels: readonly string[], folds: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer ≥ 2, got ${folds}`);
  const seen = new Map<string, number>();
  return Int32Array.from(labels, (label) => {
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    return n % folds;
  });
}

/**
 * Trains one model per fold on the other folds and returns each item's held-out result, in input
 * order. `trainAndPredict` gets the training items and the held-out items, and returns one result
 * per held-out item.
 */
export function crossValidate<T extends { label: string }, R>(
  items: readonly T[],
  folds: number,
  trainAndPredict: (training: T[], heldOut: T[], fold: number) => R[],
): R[] {
  const fold = stratifiedFolds(
    items.map((d) => d.label),
    folds,
  );
  const results = new Array<R>(items.length);
  for (let f = 0; f < folds; f++) {
    const training: T[] = [];
    const heldOut: T[] = [];
    const positions: number[] = [];
    items.forEach((item, i) => {
      if (fold[i] === f) {
        heldOut.push(item);
        positions.push(i);
      } else training.push(item);
    });
    if (heldOut.length === 0) continue;
    const predicted = trainAndPredict(training, heldOut, f);
    if (predicted.length !== heldOut.length) throw new Error(`fold ${f}: expected ${heldOut.length} results, got ${predicted.length}`);
    positions.forEach((p, j) => (results[p] = predicted[j]!));
  }
  return results;
}
