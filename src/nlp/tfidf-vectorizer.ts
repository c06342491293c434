// TF-IDF over two feature blocks: stemmed word 1–2-grams and character 2–5-grams. Each block is
// L2-normalised on its own and weighted, so the many character n-grams do not drown the words.
import type { SparseVector } from './sparse-vector.js';
import { charNgrams, normalizeText, wordStems } from './tokenize.js';

export interface VectorizerOptions {
  /** Keep features seen in at least this many training messages. */
  minDf: number;
  charMin: number;
  charMax: number;
  /** Weight of the word block; the character block gets 1 − wordWeight. */
  wordWeight: number;
}

export const DEFAULT_VECTORIZER_OPTIONS: VectorizerOptions = { minDf: 2, charMin: 2, charMax: 5, wordWeight: 0.5 };

/** What a fitted vectorizer needs to be saved and restored. */
export interface VectorizerState {
  options: VectorizerOptions;
  /** Word features first, then character features, each block most frequent first. */
  features: string[];
  idf: number[];
}

interface RawFeatures {
  words: string[];
  chars: string[];
}

function rawFeatures(text: string, options: VectorizerOptions): RawFeatures {
  const normalized = normalizeText(text);
  const stems = wordStems(normalized);
  const words = stems.map((s) => `w:${s}`);
  for (let i = 0; i + 1 < stems.length; i++) words.push(`b:${stems[i]} ${stems[i + 1]}`);
  const chars = charNgrams(normalized, options.charMin, options.charMax).map((g) => `c:${g}`);
  return { words, chars };
}

const isWordFeature = (feature: string): boolean => !feature.startsWith('c:');

export class TfidfVectorizer {
  private readonly index: Map<string, number>;

  private constructor(private readonly state: VectorizerState) {
    this.index = new Map(state.features.map((f, i) => [f, i]));
  }

  get dimension(): number {
    return this.state.features.length;
  }

  static fit(texts: readonly string[], options: VectorizerOptions = DEFAULT_VECTORIZER_OPTIONS): TfidfVectorizer {
    return TfidfVectorizer.fitTransform(texts, options).vectorizer;
  }

  /** Fits on the texts and returns their vectors too, extracting each text's features only once. */
  static fitTransform(
    texts: readonly string[],
    options: VectorizerOptions = DEFAULT_VECTORIZER_OPTIONS,
  ): { vectorizer: TfidfVectorizer; vectors: SparseVector[] } {
    const raw = texts.map((text) => rawFeatures(text, options));
    const df = new Map<string, number>();
    for (const { words, chars } of raw) {
      for (const f of new Set(words)) df.set(f, (df.get(f) ?? 0) + 1);
      for (const f of new Set(chars)) df.set(f, (df.get(f) ?? 0) + 1);
    }
    // Words before characters, so a vector is the word block followed by the character block and
    // needs no sort; frequent features first, so the weight rows most messages touch sit together in memory.
    const kept = [...df].filter(([, count]) => count >= options.minDf);
    kept.sort(([fa, ca], [fb, cb]) => Number(isWordFeature(fb)) - Number(isWordFeature(fa)) || cb - ca || (fa < fb ? -1 : fa > fb ? 1 : 0));
    const n = raw.length;
    const vectorizer = new TfidfVectorizer({
      options,
      features: kept.map(([f]) => f),
      idf: kept.map(([, count]) => Math.log((1 + n) / (1 + count)) + 1),
    });
    return { vectorizer, vectors: raw.map((r) => vectorizer.vectorize(r)) };
  }

  static restore(state: VectorizerState): TfidfVectorizer {
    return new TfidfVectorizer(state);
  }

  toState(): VectorizerState {
    return this.state;
  }

  transform(text: string): SparseVector {
    return this.vectorize(rawFeatures(text, this.state.options));
  }

  private vectorize({ words, chars }: RawFeatures): SparseVector {
    const wordBlock = this.block(words);
    const charBlock = this.block(chars);
    const indices = new Int32Array(wordBlock.indices.length + charBlock.indices.length);
    const values = new Float32Array(indices.length);
    const put = (block: { indices: Int32Array; values: Float64Array; norm: number }, weight: number, offset: number) => {
      if (block.norm === 0) return;
      const scale = Math.sqrt(weight) / Math.sqrt(block.norm);
      indices.set(block.indices, offset);
      for (let i = 0; i < block.values.length; i++) values[offset + i] = block.values[i]! * scale;
    };
    put(wordBlock, this.state.options.wordWeight, 0);
    put(charBlock, 1 - this.state.options.wordWeight, wordBlock.indices.length);
    return { indices, values };
  }

  /** One block's known features as sorted indices with sublinear-tf × idf values, and its squared norm. */
  private block(features: readonly string[]): { indices: Int32Array; values: Float64Array; norm: number } {
    const found = new Int32Array(features.length);
    let n = 0;
    for (const f of features) {
      const i = this.index.get(f);
      if (i !== undefined) found[n++] = i;
    }
    const sorted = found.subarray(0, n).sort();
    const indices = new Int32Array(n);
    const values = new Float64Array(n);
    let unique = 0;
    let norm = 0;
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && sorted[j] === sorted[i]) j++;
      const v = (1 + Math.log(j - i)) * this.state.idf[sorted[i]!]!; // sublinear tf
      indices[unique] = sorted[i]!;
      values[unique++] = v;
      norm += v * v;
      i = j;
    }
    return { indices: indices.slice(0, unique), values: values.slice(0, unique), norm };
  }
}
