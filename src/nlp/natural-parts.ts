// The parts of `natural` we use, required one by one: its index loads every tokenizer, stemmer,
// classifier, lexicon and corpus it has (and calls dotenv, printing its banners), which cost about
// 60 MB of RSS at start for three small modules. Loaded through require with local types because
// the package's own declarations import a raw .ts file that fails type-checking under our
// settings (see STACK-NOTES).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Stemmer {
  stem(word: string): string;
}

export const WordTokenizer = (
  require('natural/lib/natural/tokenizers/regexp_tokenizer') as { WordTokenizer: new () => { tokenize(text: string): string[] } }
).WordTokenizer;

export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer') as Stemmer;

export const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer') as new (
  language: string,
  stemmer: Stemmer,
  vocabulary: string,
) => { getSentiment(tokens: string[]): number };
