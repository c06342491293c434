// TF-IDF over two feature blocks: stemmed word 1–2-grams and character 2–5-grams. Each block is
// L2-normalised on its own and weighted, so the many character n-grams do not drown the words.
import { fromMap, type SparseVector } from './sparse-vector.js';
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
  features: string[];
  idf: number[];
}

function rawFeatures(text: string, options: VectorizerOptions): { words: string[]; chars: string[] } {
  const normalized = normalizeText(text);
  const stems = wordStems(normalized);
  const words = stems.map((s) => `w:${s}`);
  for (let i = 0; i + 1 < stems.length; i++) words.push(`b:${stems[i]} ${stems[i + 1]}`);
  const chars = charNgrams(normalized, options.charMin, options.charMax).map((g) => `c:${g}`);
  return { words, chars };
}

export class TfidfVectorizer {
  private readonly index: Map<string, number>;

  private constructor(private readonly state: VectorizerState) {
    this.index = new Map(state.features.map((f, i) => [f, i]));
  }

  get dimension(): number {
    return this.state.features.length;
  }

  static fit(texts: readonly string[], options: VectorizerOptions = DEFAULT_VECTORIZER_OPTIONS): TfidfVectorizer {
    const df = new Map<string, number>();
    for (const text of texts) {
      const { words, chars } = rawFeatures(text, options);
      for (const f of new Set([...words, ...chars])) df.set(f, (df.get(f) ?? 0) + 1);
    }
    const features: string[] = [];
    const idf: number[] = [];
    const n = texts.length;
    for (const [feature, count] of df) {
      if (count < options.minDf) continue;
      features.push(feature);
      idf.push(Math.log((1 + n) / (1 + count)) + 1);
    }
    return new TfidfVectorizer({ options, features, idf });
  }

  static restore(state: VectorizerState): TfidfVectorizer {
    return new TfidfVectorizer(state);
  }

  toState(): VectorizerState {
    return this.state;
  }

  transform(text: string): SparseVector {
    const { options, idf } = this.state;
    const { words, chars } = rawFeatures(text, options);
    const out = new Map<number, number>();
    const addBlock = (features: string[], weight: number) => {
      const tf = new Map<number, number>();
      for (const f of features) {
        const i = this.index.get(f);
        if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
      }
      let norm = 0;
      const block = new Map<number, number>();
      for (const [i, count] of tf) {
        const v = (1 + Math.log(count)) * idf[i]!; // sublinear tf
        block.set(i, v);
        norm += v * v;
      }
      if (norm === 0) return;
      const scale = Math.sqrt(weight) / Math.sqrt(norm);
      for (const [i, v] of block) out.set(i, v * scale);
    };
    addBlock(words, options.wordWeight);
    addBlock(chars, 1 - options.wordWeight);
    return fromMap(out);
  }
}
