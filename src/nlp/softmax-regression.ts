// Multinomial logistic regression on sparse features, trained with shuffled per-example SGD.
// Weights are stored feature-major (w[f * K + k]) so a message touches only its own features' rows.
import { seededRandom } from './seeded-random.js';
import type { SparseVector } from './sparse-vector.js';

export interface TrainOptions {
  epochs: number;
  /** Step size of the first epoch; epoch e uses learningRate / (1 + e · learningRateDecay). */
  learningRate: number;
  learningRateDecay: number;
  /** L2 penalty per occurrence of a feature, applied once per epoch (see trainSoftmax). */
  l2: number;
  /**
   * Gradient entries smaller than this are skipped. Once a message is learned, only a handful of
   * intents still get a gradient worth applying, so most of the K-wide update is skipped.
   */
  gradientFloor: number;
  seed: number;
}

/**
 * A large first step with a quick decay: on a Banking77 80/20 split of train, 10 epochs from 3.0
 * reached 90.1 % against 89.1 % for the earlier 20 epochs at 0.5, in a fifth of the time (the
 * gradient floor skips more once messages are learned). Stronger L2 (1e-4 … 1e-3) cost 0.5–2.5
 * points; the short schedule is regularisation enough.
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10,
  learningRate: 3,
  learningRateDecay: 0.5,
  l2: 1e-5,
  gradientFloor: 1e-3,
  seed: 42,
};

export interface SoftmaxWeights {
  classes: number;
  dimension: number;
  weights: Float32Array;
  bias: Float32Array;
}

export function logits(model: SoftmaxWeights, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
  out.set(model.bias);
  addProducts(model.weights, model.classes, x, out);
  return out;
}

/**
 * out += xᵀW for feature-major weights. Unrolled by four: V8 does not vectorise, and this halved
 * the time of the loop that dominates training (measured on Banking77 vectors).
 */
function addProducts(weights: Float32Array | Float64Array, K: number, x: SparseVector, out: Float64Array): void {
  for (let i = 0; i < x.indices.length; i++) {
    const row = x.indices[i]! * K;
    const v = x.values[i]!;
    let k = 0;
    for (; k + 3 < K; k += 4) {
      out[k]! += v * weights[row + k]!;
      out[k + 1]! += v * weights[row + k + 1]!;
      out[k + 2]! += v * weights[row + k + 2]!;
      out[k + 3]! += v * weights[row + k + 3]!;
    }
    for (; k < K; k++) out[k]! += v * weights[row + k]!;
  }
}

/** Softmax of logits divided by the temperature, in place. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp((z[k]! - max) / temperature);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
  return z;
}

export function trainSoftmax(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: number,
  dimension: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): SoftmaxWeights {
  const K = classes;
  // Float64 while training: small late updates would round away in Float32.
  const weights = new Float64Array(K * dimension);
  const bias = new Float64Array(K);
  // How often each feature occurs: the per-epoch L2 shrink matches a per-touch penalty in expectation.
  const occurrences = new Float64Array(dimension);
  for (const x of xs) for (let i = 0; i < x.indices.length; i++) occurrences[x.indices[i]!]!++;
  const order = Array.from(xs.keys());
  const rand = seededRandom(options.seed);
  const p = new Float64Array(K);
  const active = new Int32Array(K);
  const floor = options.gradientFloor;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = options.learningRate / (1 + epoch * options.learningRateDecay);
    for (const n of order) {
      const x = xs[n]!;
      p.set(bias);
      addProducts(weights, K, x, p);
      softmax(p);
      p[ys[n]!]! -= 1; // gradient of the cross-entropy w.r.t. the logits
      let count = 0;
      for (let k = 0; k < K; k++) if (p[k]! > floor || p[k]! < -floor) active[count++] = k;
      for (let a = 0; a < count; a++) bias[active[a]!]! -= lr * p[active[a]!]!;
      for (let i = 0; i < x.indices.length; i++) {
        const row = x.indices[i]! * K;
        const step = lr * x.values[i]!;
        for (let a = 0; a < count; a++) {
          const k = active[a]!;
          weights[row + k]! -= step * p[k]!;
        }
      }
    }
    if (options.l2 > 0) {
      for (let f = 0; f < dimension; f++) {
        const shrink = Math.pow(1 - lr * options.l2, occurrences[f]!);
        for (let k = 0, row = f * K; k < K; k++) weights[row + k]! *= shrink;
      }
    }
  }
  return { classes: K, dimension, weights: Float32Array.from(weights), bias: Float32Array.from(bias) };
}
