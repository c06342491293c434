// Word tokens (natural's tokenizer and Porter stemmer) and character n-grams of a message.
import { PorterStemmer, WordTokenizer } from './natural-parts.js';

const tokenizer = new WordTokenizer();
/**
 * Porter stemming is most of the cost of vectorising a message, and support messages reuse a small
 * vocabulary, so stems are cached. The cache is dropped when full to bound memory in a long-running service.
 */
const STEM_CACHE_LIMIT = 100_000;
const stems = new Map<string, string>();
function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    s = PorterStemmer.stem(word);
    stems.set(word, s);
  }
  return s;
}

/** Lower-cased, Unicode-normalised text with single spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Stemmed word tokens. */
export function wordStems(normalized: string): string[] {
  return tokenizer.tokenize(normalized).map(stem);
}

/** Character n-grams of each word, with word boundaries marked, so typos still share features. */
export function charNgrams(normalized: string, min: number, max: number): string[] {
  const grams: string[] = [];
  for (const word of normalized.split(/[^\p{L}\p{N}']+/u)) {
    if (!word) continue;
    const padded = ` ${word} `;
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
    }
  }
  return grams;
}

/**
 * Stemmed word tokens without the given words. Stop words are dropped before stemming because
 * their stems collide with content words ("has" → "ha", "only" → "onli").
 */
export function wordStemsWithout(normalized: string, skip: ReadonlySet<string>): string[] {
  return tokenizer
    .tokenize(normalized)
    .filter((word) => !skip.has(word))
    .map(stem);
}

/** Word tokens in order, neither stemmed nor filtered: for looking at neighbouring words. */
export function wordTokens(normalized: string): string[] {
  return tokenizer.tokenize(normalized);
}

/** The (cached) Porter stem of one normalised word. */
export function stemWord(word: string): string {
  return stem(word);
}
