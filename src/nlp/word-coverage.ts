// How much of a message's vocabulary an intent's training examples have used. Out-of-scope messages
// often borrow an intent's phrasing around new content words ("what's the definition of nuclear
// engineering", "where do eggs come from"): the softmax and the character n-grams still see the
// familiar frame, but the IDF-weighted share of words the intent has seen drops.

/** What a fitted word coverage needs to be saved and restored. */
export interface WordCoverageState {
  /** Number of training messages, for the IDF of words never seen. */
  messages: number;
  words: string[];
  /** Messages each word occurs in, aligned with `words`. */
  documentFrequency: number[];
  /** Per intent, the indices in `words` its training messages used. */
  intentWords: number[][];
}

export class WordCoverage {
  private readonly wordIndex: Map<string, number>;
  private readonly intentSets: Set<number>[];

  private constructor(private readonly state: WordCoverageState) {
    this.wordIndex = new Map(state.words.map((w, i) => [w, i]));
    this.intentSets = state.intentWords.map((ids) => new Set(ids));
  }

  /** @param messages each training message's word stems; @param labels its intent number (0 … classes − 1). */
  static fit(messages: readonly (readonly string[])[], labels: readonly number[], classes: number): WordCoverage {
    const words: string[] = [];
    const documentFrequency: number[] = [];
    const index = new Map<string, number>();
    const intentSets = Array.from({ length: classes }, () => new Set<number>());
    messages.forEach((stems, n) => {
      for (const stem of new Set(stems)) {
        let i = index.get(stem);
        if (i === undefined) {
          i = words.length;
          index.set(stem, i);
          words.push(stem);
          documentFrequency.push(0);
        }
        documentFrequency[i]!++;
        intentSets[labels[n]!]!.add(i);
      }
    });
    return new WordCoverage({
      messages: messages.length,
      words,
      documentFrequency,
      intentWords: intentSets.map((s) => [...s].sort((a, b) => a - b)),
    });
  }

  static restore(state: WordCoverageState): WordCoverage {
    return new WordCoverage(state);
  }

  toState(): WordCoverageState {
    return this.state;
  }

  /**
   * IDF-weighted share (0 … 1) of the message's distinct words that the intent's training messages
   * used. Words never seen in training weigh the most. A message without words scores 0: there is
   * nothing in it the intent is known to cover.
   */
  coverage(stems: readonly string[], label: number): number {
    const seen = this.intentSets[label];
    const n = this.state.messages;
    let total = 0;
    let covered = 0;
    for (const stem of new Set(stems)) {
      const i = this.wordIndex.get(stem);
      const idf = Math.log((1 + n) / (1 + (i === undefined ? 0 : this.state.documentFrequency[i]!))) + 1;
      total += idf;
      if (i !== undefined && seen?.has(i)) covered += idf;
    }
    return total === 0 ? 0 : covered / total;
  }
}
