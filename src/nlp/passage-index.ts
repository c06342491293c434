// Lexical passage search (BM25+ through minisearch) over the deployer's docs. Text is analysed the
// way the rest of the pipeline sees it (normalizeText, natural's tokenizer and the cached Porter
// stems), so "refunds" finds "refund", minus English stop words. Fields are weighted: a question
// usually restates a page's title or heading, while the body mentions many things in passing.
import MiniSearch from 'minisearch';
import type { PassageHit, PassageSearch } from '../domain/ports/knowledge.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { normalizeText, wordStemsWithout } from './tokenize.js';

export interface PassageIndexOptions {
  /** Weight of a match in each field. Chosen on the StackFAQ dev split (`npm run eval -- --kb`). */
  boost: { title: number; heading: number; text: number };
  /** BM25+ parameters: k1 (term-frequency saturation), b (length normalisation), d (floor of one occurrence). */
  bm25: { k: number; b: number; d: number };
  /** Also index pairs of adjacent stems, so a phrase that appears as written counts extra (off: −2 points on dev). */
  isBigrams: boolean;
  stopWords: ReadonlySet<string>;
}

export const DEFAULT_PASSAGE_INDEX_OPTIONS: PassageIndexOptions = {
  // On dev: title ×2 beat ×1 by 5 points of top-1 and ×3–×5 by 1–3; headings are absent there, so
  // they sit between title and body. A high k1 (2.5) and b (0.9) gained about a point over 1.2 / 0.7.
  boost: { title: 2, heading: 1.5, text: 1 },
  bm25: { k: 2.5, b: 0.9, d: 0.5 },
  isBigrams: false,
  stopWords: ENGLISH_STOP_WORDS,
};

/** A hit with what answer confidence needs: its page, and which of the query's terms it matched. */
export interface PassageMatch extends PassageHit {
  /** The page the passage belongs to (its title), so near-ties within one page are not mistaken for doubt. */
  page: string;
  /** Distinct analysed query terms (see `queryTerms`) that the passage contains. */
  matchedTerms: string[];
}

export interface PassageIndex extends PassageSearch {
  search(query: string, limit: number): PassageMatch[];
  /** The distinct terms a query is searched by (stems, without stop words; phrases excluded). */
  queryTerms(query: string): string[];
}

interface IndexedFields {
  id: string;
  title: string;
  heading: string;
  text: string;
}

/** A space cannot occur inside a stem (the tokenizer splits on it), so it marks a bigram unambiguously. */
const BIGRAM_JOIN = ' ';
const isPhrase = (term: string): boolean => term.includes(BIGRAM_JOIN);

export function createPassageIndex(overrides: Partial<PassageIndexOptions> = {}): PassageIndex {
  const options = { ...DEFAULT_PASSAGE_INDEX_OPTIONS, ...overrides };
  const analyse = (text: string): string[] => {
    const stems = wordStemsWithout(normalizeText(text), options.stopWords);
    if (!options.isBigrams) return stems;
    const pairs = stems.slice(1).map((s, i) => `${stems[i]}${BIGRAM_JOIN}${s}`);
    return [...stems, ...pairs];
  };
  const pages = new Map<string, string>();
  const index = new MiniSearch<IndexedFields>({
    fields: ['title', 'heading', 'text'],
    tokenize: analyse,
    // Terms are already normalised and stemmed by `analyse`; minisearch's default would lower-case again.
    processTerm: (term) => term,
    searchOptions: {
      boost: options.boost,
      bm25: options.bm25,
      // Repeating a word in a question should not count it twice.
      tokenize: (query) => [...new Set(analyse(query))],
    },
  });

  return {
    add(passages) {
      for (const p of passages) {
        const doc = { id: p.id, title: p.pageTitle, heading: p.headingPath.join(' '), text: p.text };
        if (index.has(p.id)) index.replace(doc);
        else index.add(doc);
        pages.set(p.id, p.pageTitle);
      }
    },
    remove(ids) {
      const known = [...new Set(ids)].filter((id) => index.has(id));
      index.discardAll(known);
      for (const id of known) pages.delete(id);
    },
    search(query, limit) {
      if (limit <= 0 || index.documentCount === 0) return [];
      return index
        .search(query)
        .map((r) => {
          const id = r.id as string;
          // minisearch multiplies the BM25 sum by the number of query terms matched; undone here
          // (plain BM25 was 1.5 points of top-1 better on dev), coverage is weighed by confidence instead.
          const score = r.score / Math.max(1, r.queryTerms.length);
          return { id, score, page: pages.get(id) ?? id, matchedTerms: r.queryTerms.filter((t) => !isPhrase(t)) };
        })
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },
    queryTerms(query) {
      return [...new Set(analyse(query).filter((t) => !isPhrase(t)))];
    },
    get size() {
      return index.documentCount;
    },
  };
}
