// Logistic regression for a handful of features, fitted by Newton's method with a Gaussian prior
// centred on given weights (maximum a posteriori). With little data the prior holds the fit near
// the starting model; as data grows the data takes over. A few features make Newton's exact
// second-order steps cheap (a d×d solve per step) and it converges in a handful of steps, without
// the learning rates and feature scaling gradient descent would need. Steps are damped by a
// backtracking line search: from a start that puts every example near p = 0 the Hessian is almost
// only the prior, and a full step overshoots (it did: a bias of +57 after 25 undamped steps).

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

/** The negative log posterior (up to a constant) at theta. */
function objective(input: LogisticFitInput, theta: readonly number[]): number {
  let total = 0;
  for (let j = 0; j < theta.length; j++) total += 0.5 * input.priorStrength * (theta[j]! - input.prior[j]!) ** 2;
  for (let n = 0; n < input.rows.length; n++) {
    const z = linear(theta, input.rows[n]!);
    // log(1 + e^z) − y·z, computed without overflow.
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (input.labels[n] ? z : 0);
  }
  return total;
}

function linear(theta: readonly number[], row: readonly number[]): number {
  let z = theta[0]!;
  for (let j = 1; j < theta.length; j++) z += theta[j]! * row[j - 1]!;
  return z;
}

/** Returns [bias, ...weights]. */
export function fitLogistic(input: LogisticFitInput): number[] {
  const { rows, labels, prior, priorStrength } = input;
  const d = prior.length;
  let theta = [...prior];
  let current = objective(input, theta);
  for (let iter = 0; iter < (input.maxIterations ?? 50); iter++) {
    // Gradient and Hessian of the negative log posterior.
    const grad = theta.map((t, j) => priorStrength * (t - prior[j]!));
    const hess = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (__, j) => (i === j ? priorStrength : 0)));
    for (let n = 0; n < rows.length; n++) {
      const x = [1, ...rows[n]!];
      const p = sigmoid(linear(theta, rows[n]!));
      const r = p - (labels[n] ? 1 : 0);
      const w = p * (1 - p);
      for (let i = 0; i < d; i++) {
        grad[i]! += r * x[i]!;
        for (let j = 0; j <= i; j++) hess[i]![j]! += w * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hess[j]![i] = hess[i]![j]!;
    const step = solve(hess, grad);
    let scale = 1;
    let next = theta.map((t, j) => t - step[j]!);
    let value = objective(input, next);
    while (value > current && scale > 1e-6) {
      scale /= 2;
      next = theta.map((t, j) => t - scale * step[j]!);
      value = objective(input, next);
    }
    if (value > current) break;
    const moved = Math.max(...next.map((t, j) => Math.abs(t - theta[j]!)));
    theta = next;
    current = value;
    if (moved < 1e-6) break;
  }
  return theta;
}
