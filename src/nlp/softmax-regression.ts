// Multinomial logistic regression on sparse features, trained with shuffled per-example SGD.
// Weights are stored feature-major (w[f * K + k]) so a message touches only its own features' rows.
import type { SparseVector } from './sparse-vector.js';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to the weights a message touches. */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 20, learningRate: 0.5, l2: 1e-5, seed: 42 };

export interface SoftmaxWeights {
  classes: number;
  dimension: number;
  weights: Float32Array;
  bias: Float32Array;
}

/** A small seeded PRNG (mulberry32): the same data trains the same model. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function logits(model: SoftmaxWeights, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
  const K = model.classes;
  for (let k = 0; k < K; k++) out[k] = model.bias[k]!;
  for (let i = 0; i < x.indices.length; i++) {
    const row = x.indices[i]! * K;
    const v = x.values[i]!;
    for (let k = 0; k < K; k++) out[k]! += v * model.weights[row + k]!;
  }
  return out;
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
  const model: SoftmaxWeights = {
    classes,
    dimension,
    weights: new Float32Array(classes * dimension),
    bias: new Float32Array(classes),
  };
  const K = classes;
  const order = Array.from(xs.keys());
  const rand = random(options.seed);
  const p = new Float64Array(K);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = options.learningRate / (1 + epoch * 0.5);
    for (const n of order) {
      const x = xs[n]!;
      softmax(logits(model, x, p));
      p[ys[n]!]! -= 1; // gradient of the cross-entropy w.r.t. the logits
      for (let k = 0; k < K; k++) model.bias[k]! -= lr * p[k]!;
      for (let i = 0; i < x.indices.length; i++) {
        const row = x.indices[i]! * K;
        const v = x.values[i]!;
        for (let k = 0; k < K; k++) {
          const w = model.weights[row + k]!;
          model.weights[row + k] = w - lr * (p[k]! * v + options.l2 * w);
        }
      }
    }
  }
  return model;
}
