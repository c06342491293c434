// Lexical passage search (BM25+, scored by bm25-postings.ts) over the deployer's docs. Text is analysed the
// way the rest of the pipeline sees it (normalizeText, natural's tokenizer and the cached Porter
// stems), so "refunds" finds "refund", minus English stop words. Fields are weighted: a question
// usually restates a page's title or heading, while the body mentions many things in passing.
// Words the index has never seen are a writer's, not the docs': a typo ("adress") is matched to
// indexed terms one edit away, and two words the docs write as one ("e mail") are also searched joined.
import type { PassageHit, PassageSearch } from '../domain/ports/knowledge.js';
import { createBm25Postings, type QueryEntry } from './bm25-postings.js';
import { joinedTerms } from './joined-words.js';
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
  /**
   * A query term the index has never seen, at least `minLength` long, also matches indexed terms one
   * edit away, weighted `weight` (null: off). Fuzzy matching of every term gained only 1 point of top-3.
   */
  unknownTermFuzzy: { minLength: number; weight: number } | null;
  /** Also search two neighbouring query words as one term when the index holds it ("e mail" → "email"). */
  isJoiningWords: boolean;
}

export const DEFAULT_PASSAGE_INDEX_OPTIONS: PassageIndexOptions = {
  // On dev: title ×2 beat ×1 by 5 points of top-1 and ×3–×5 by 1–3; headings are absent there, so
  // they sit between title and body. A high k1 (2.5) and b (0.9) gained about a point over 1.2 / 0.7.
  boost: { title: 2, heading: 1.5, text: 1 },
  bm25: { k: 2.5, b: 0.9, d: 0.5 },
  isBigrams: false,
  stopWords: ENGLISH_STOP_WORDS,
  // On dev, together: top-1 79.6 → 80.3 %, top-3 92.0 → 92.8 %, coverage at 97 % precision 60.7 → 64.3 %
  // (each alone about half of that); small, but every setting tried (length 4–5, weight 0.45–1) gained coverage.
  unknownTermFuzzy: { minLength: 5, weight: 1 },
  isJoiningWords: true,
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
  /**
   * Every term indexed since the index was built. Removing passages does not shrink it (that would
   * need each passage's terms kept), so a term of removed passages only is still "known": it is then
   * searched as typed, as before, and finds nothing.
   */
  const known = new Set<string>();
  const unknownFuzzy = options.unknownTermFuzzy;
  // Fields in this order: title, heading path, text.
  const postings = createBm25Postings({
    boosts: [options.boost.title, options.boost.heading, options.boost.text],
    bm25: options.bm25,
  });
  const isFuzzy = (term: string): boolean => unknownFuzzy !== null && term.length >= unknownFuzzy.minLength && !known.has(term);

  /** The query's terms (repeats dropped, so a repeated word does not count twice), and for each joined term the words it joined. */
  const analyseQuery = (query: string): { terms: string[]; partsOf: Map<string, string[]> } => {
    const terms = new Set(analyse(query));
    const partsOf = new Map<string, string[]>();
    if (options.isJoiningWords) {
      for (const { term, parts } of joinedTerms(normalizeText(query), (t) => known.has(t), options.stopWords)) {
        terms.add(term);
        partsOf.set(term, [term, ...parts]);
      }
    }
    return { terms: [...terms], partsOf };
  };

  return {
    add(passages) {
      for (const p of passages) {
        const fields = [analyse(p.pageTitle), analyse(p.headingPath.join(' ')), analyse(p.text)];
        for (const field of fields) for (const t of field) known.add(t);
        postings.add(p.id, fields);
        pages.set(p.id, p.pageTitle);
      }
    },
    remove(ids) {
      for (const id of ids) if (postings.remove(id)) pages.delete(id);
    },
    search(query, limit) {
      if (limit <= 0 || postings.size === 0) return [];
      const { terms, partsOf } = analyseQuery(query);
      const wanted = new Set(terms.filter((t) => !isPhrase(t) && !partsOf.has(t)));
      // Each term as written, then (if unknown) the indexed terms one edit away, weighted as minisearch
      // weighted its fuzzy matches: weight × length / (length + distance).
      const entries: QueryEntry[] = [];
      terms.forEach((term, source) => {
        entries.push({ term, weight: 1, source });
        if (!isFuzzy(term)) return;
        for (const near of postings.termsOneEditFrom(term)) {
          entries.push({ term: near, weight: (unknownFuzzy!.weight * near.length) / (near.length + 1), source });
        }
      });
      // The score is the plain BM25 sum: minisearch multiplied it by the number of query terms matched, which
      // the wrapper undid (plain BM25 was 1.5 points of top-1 better on dev); coverage is weighed by confidence instead.
      return postings.search(entries, limit).map(({ id, score, sources }) => {
        // A joined term stands for the words it joined; they are what coverage counts.
        const matched = new Set(sources.flatMap((i) => partsOf.get(terms[i]!) ?? [terms[i]!]).filter((t) => wanted.has(t)));
        return { id, score, page: pages.get(id) ?? id, matchedTerms: [...matched] };
      });
    },
    queryTerms(query) {
      return [...new Set(analyse(query).filter((t) => !isPhrase(t)))];
    },
    get size() {
      return postings.size;
    },
  };
}
