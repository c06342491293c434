// Intent classifier: TF-IDF features → softmax regression → temperature-calibrated probabilities.
// A stratified share of the training messages is held out to fit the temperature, so that a
// confidence of 0.9 is right about 90 % of the time on messages like the training data.
import type { SparseVector } from './sparse-vector.js';
import { DEFAULT_TRAIN_OPTIONS, logits, softmax, trainSoftmax, type SoftmaxWeights, type TrainOptions } from './softmax-regression.js';
import { fitTemperature } from './temperature.js';
import { DEFAULT_VECTORIZER_OPTIONS, TfidfVectorizer, type VectorizerOptions, type VectorizerState } from './tfidf-vectorizer.js';
import { UNKNOWN_INTENT } from '../domain/decide.js';

/** Labels that mean "none of our intents": trained like any class, predicted as `unknown`. */
export const OUT_OF_SCOPE_LABELS: ReadonlySet<string> = new Set(['unknown', 'oos', 'out_of_scope']);

export interface LabelledText {
  text: string;
  label: string;
}

export interface Prediction {
  intent: string;
  /** Calibrated probability that `intent` is right. */
  confidence: number;
  /** The three most likely intents, most likely first. */
  top: { intent: string; probability: number }[];
}

export interface ClassifierOptions {
  vectorizer: VectorizerOptions;
  training: TrainOptions;
  /** Share of each intent's examples held out to fit the temperature. */
  calibrationShare: number;
  /**
   * Which percentile of held-out in-scope messages' centroid similarity counts as fully familiar.
   * Lower keeps more in-scope coverage; higher rejects more out-of-scope messages.
   */
  familiarityPercentile: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  vectorizer: DEFAULT_VECTORIZER_OPTIONS,
  training: DEFAULT_TRAIN_OPTIONS,
  calibrationShare: 0.1,
  familiarityPercentile: 0.25,
};

/** A labelled message's prediction (held-out ones are what thresholds are chosen on). */
export interface ScoredExample {
  label: string;
  intent: string;
  confidence: number;
}

export interface ClassifierState {
  version: 1;
  labels: string[];
  temperature: number;
  /** Typical similarity of an in-scope message to its intent's centroid (see familiarityOf()). */
  familiarityReference: number;
  /** Base64 of the Float32 unit-length centroids, feature-major like the weights. */
  centroids: string;
  vectorizer: VectorizerState;
  classes: number;
  dimension: number;
  /** Base64 of the Float32 weights and bias. */
  weights: string;
  bias: string;
}

/** Deterministic stratified split: every n-th example of each label goes to the held-out part. */
function stratifiedSplit(data: readonly LabelledText[], share: number): { fit: LabelledText[]; held: LabelledText[] } {
  const fit: LabelledText[] = [];
  const held: LabelledText[] = [];
  if (share <= 0) return { fit: [...data], held };
  const every = Math.max(2, Math.round(1 / share));
  const seen = new Map<string, number>();
  for (const item of data) {
    const n = (seen.get(item.label) ?? 0) + 1;
    seen.set(item.label, n);
    (n % every === 0 ? held : fit).push(item);
  }
  return { fit, held };
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

/** Unit-length mean vector of each label's training messages, feature-major like the weights. */
function buildCentroids(data: readonly LabelledText[], labelIndex: Map<string, number>, vectorizer: TfidfVectorizer): SoftmaxWeights {
  const K = labelIndex.size;
  const weights = new Float32Array(K * vectorizer.dimension);
  for (const d of data) {
    const k = labelIndex.get(d.label)!;
    const x = vectorizer.transform(d.text);
    for (let i = 0; i < x.indices.length; i++) weights[x.indices[i]! * K + k]! += x.values[i]!;
  }
  const norms = new Float64Array(K);
  for (let j = 0; j < weights.length; j++) norms[j % K]! += weights[j]! * weights[j]!;
  for (let j = 0; j < weights.length; j++) {
    const norm = Math.sqrt(norms[j % K]!);
    if (norm > 0) weights[j]! /= norm;
  }
  return { classes: K, dimension: vectorizer.dimension, weights, bias: new Float32Array(K) };
}

const toBase64 = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const fromBase64 = (s: string): Float32Array => {
  const buf = Buffer.from(s, 'base64');
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

export class IntentClassifier {
  private constructor(
    private readonly vectorizer: TfidfVectorizer,
    private readonly model: SoftmaxWeights,
    readonly labels: readonly string[],
    readonly temperature: number,
    /** Each intent's training centroid, in the same layout as the weights (no bias). */
    private readonly centroids: SoftmaxWeights,
    readonly familiarityReference: number,
  ) {}

  static train(data: readonly LabelledText[], options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): IntentClassifier {
    return IntentClassifier.trainWithHeldOut(data, options).classifier;
  }

  /** Trains, and returns the predictions on the held-out calibration share too. */
  static trainWithHeldOut(
    data: readonly LabelledText[],
    options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  ): { classifier: IntentClassifier; heldOut: ScoredExample[] } {
    const labels = [...new Set(data.map((d) => d.label))].sort();
    if (labels.length < 2) throw new Error('an intent classifier needs at least two labels');
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const { fit, held } = stratifiedSplit(data, options.calibrationShare);
    const vectorizer = TfidfVectorizer.fit(
      fit.map((d) => d.text),
      options.vectorizer,
    );
    const model = trainSoftmax(
      fit.map((d) => vectorizer.transform(d.text)),
      fit.map((d) => labelIndex.get(d.label)!),
      labels.length,
      vectorizer.dimension,
      options.training,
    );
    const temperature = fitTemperature(
      held.map((d) => logits(model, vectorizer.transform(d.text))),
      held.map((d) => labelIndex.get(d.label)!),
    );
    const centroids = buildCentroids(fit, labelIndex, vectorizer);
    const unscaled = new IntentClassifier(vectorizer, model, labels, temperature, centroids, 0);
    const inScopeHeld = held.filter((d) => !OUT_OF_SCOPE_LABELS.has(d.label));
    const familiarityReference = percentile(
      inScopeHeld.map((d) => unscaled.centroidSimilarity(vectorizer.transform(d.text), labelIndex.get(d.label)!)),
      options.familiarityPercentile,
    );
    const classifier = new IntentClassifier(vectorizer, model, labels, temperature, centroids, familiarityReference);
    return { classifier, heldOut: held.map((d) => classifier.score(d)) };
  }

  static restore(state: ClassifierState): IntentClassifier {
    const model: SoftmaxWeights = {
      classes: state.classes,
      dimension: state.dimension,
      weights: fromBase64(state.weights),
      bias: fromBase64(state.bias),
    };
    const centroids: SoftmaxWeights = { ...model, weights: fromBase64(state.centroids), bias: new Float32Array(state.classes) };
    return new IntentClassifier(
      TfidfVectorizer.restore(state.vectorizer),
      model,
      state.labels,
      state.temperature,
      centroids,
      state.familiarityReference,
    );
  }

  toState(): ClassifierState {
    return {
      version: 1,
      labels: [...this.labels],
      temperature: this.temperature,
      familiarityReference: this.familiarityReference,
      centroids: toBase64(this.centroids.weights),
      vectorizer: this.vectorizer.toState(),
      classes: this.model.classes,
      dimension: this.model.dimension,
      weights: toBase64(this.model.weights),
      bias: toBase64(this.model.bias),
    };
  }

  /** Calibrated probability of every label, in `labels` order. */
  probabilities(text: string): Float64Array {
    return this.probabilitiesOf(this.vectorizer.transform(text));
  }

  private probabilitiesOf(x: SparseVector): Float64Array {
    return softmax(logits(this.model, x), this.temperature);
  }

  /** Cosine similarity of a message vector to one intent's unit-length training centroid. */
  private centroidSimilarity(x: SparseVector, label: number): number {
    const K = this.centroids.classes;
    let sum = 0;
    for (let i = 0; i < x.indices.length; i++) sum += x.values[i]! * this.centroids.weights[x.indices[i]! * K + label]!;
    return sum;
  }

  /**
   * How much the message looks like the training messages of the intent it is given: its
   * similarity to that intent's centroid relative to a typical in-scope message's, capped at 1.
   * Softmax probabilities only compare intents with each other, so a message unlike all of them
   * can still get a high one; this factor takes the confidence down for such messages.
   */
  private familiarityOf(x: SparseVector, label: number): number {
    if (this.familiarityReference <= 0) return 1;
    return Math.min(1, Math.max(0, this.centroidSimilarity(x, label)) / this.familiarityReference);
  }

  predict(text: string): Prediction {
    const x = this.vectorizer.transform(text);
    const ranked = Array.from(this.probabilitiesOf(x), (probability, i) => ({ label: i, intent: this.labels[i]!, probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 3);
    const best = ranked[0]!;
    const confidence = best.probability * this.familiarityOf(x, best.label);
    const top = ranked.map((r) => ({ intent: OUT_OF_SCOPE_LABELS.has(r.intent) ? UNKNOWN_INTENT : r.intent, probability: r.probability }));
    return { intent: top[0]!.intent, confidence, top };
  }

  /** The prediction for a labelled message, with out-of-scope labels read as `unknown`. */
  score(item: LabelledText): ScoredExample {
    const p = this.predict(item.text);
    return { label: OUT_OF_SCOPE_LABELS.has(item.label) ? UNKNOWN_INTENT : item.label, intent: p.intent, confidence: p.confidence };
  }
}
