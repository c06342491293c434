// Words a writer split that the docs write as one ("e mail", "set up", "git hub", "back up"). Joining
// every pair of neighbouring words would invent terms ("sign in" → "signin") and cost points on
// StackFAQ dev; joining only into a term the index already holds cannot, so the joined term is searched
// beside the words it came from.
import { stemWord, wordTokens } from './tokenize.js';

export interface JoinedTerm {
  /** The stem of the two words written together. */
  term: string;
  /** Stems of the words it joined, stop words left out: what a passage containing `term` covers. */
  parts: string[];
}

/** Pairs of neighbouring words in `normalized` whose concatenation's stem `isKnown` accepts. */
export function joinedTerms(normalized: string, isKnown: (stem: string) => boolean, stopWords: ReadonlySet<string>): JoinedTerm[] {
  const words = wordTokens(normalized);
  const joined: JoinedTerm[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = [words[i]!, words[i + 1]!];
    const together = pair.join('');
    if (stopWords.has(together)) continue;
    const term = stemWord(together);
    if (isKnown(term)) joined.push({ term, parts: pair.filter((w) => !stopWords.has(w)).map(stemWord) });
  }
  return joined;
}
