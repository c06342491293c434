// Logistic regression for a handful of features, fitted by Newton's method with a Gaussian prior
// centred on given weights (maximum a posteriori). With little data the prior holds the fit near
// the starting model; as data grows the data takes over. A few features make Newton's exact
// second-order steps cheap (a d×d solve per step) and it converges in a handful of steps, without
// the learning rates and feature scaling gradient descent would need.

export interface LogisticFitInput {
  /** One row of feature values per example. */
  rows: readonly (readonly number[])[];
  labels: readonly boolean[];
  /** Where the prior is centred: [bias, ...weights]. */
  prior: readonly number[];
  /** Prior precision: how many examples' worth of belief the prior carries per parameter. */
  priorStrength: number;
  maxIterations?: number;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Returns [bias, ...weights]. */
export function fitLogistic(input: LogisticFitInput): number[] {
  const { rows, labels, prior, priorStrength } = input;
  const d = prior.length;
  const theta = [...prior];
  for (let iter = 0; iter < (input.maxIterations ?? 25); iter++) {
    // Gradient and Hessian of the negative log posterior.
    const grad = theta.map((t, j) => priorStrength * (t - prior[j]!));
    const hess = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (__, j) => (i === j ? priorStrength : 0)));
    for (let n = 0; n < rows.length; n++) {
      const x = [1, ...rows[n]!];
      let z = 0;
      for (let j = 0; j < d; j++) z += theta[j]! * x[j]!;
      const p = sigmoid(z);
      const r = (p - (labels[n] ? 1 : 0));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i++) {
        grad[i]! += r * x[i]!;
        for (let j = 0; j <= i; j++) hess[i]![j]! += w * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hess[j]![i] = hess[i]![j]!;
    const step = solve(hess, grad);
    let largest = 0;
    for (let j = 0; j < d; j++) {
      theta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-6) break;
  }
  return theta;
}
