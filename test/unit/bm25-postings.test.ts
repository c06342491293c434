import { seededRandom } from '../../src/nlp/seeded-random.js';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { createBm25Postings, isOneEditApart, type Bm25Params, type QueryEntry } from '../../src/nlp/bm25-postings.js';

const BOOSTS = [2, 1.5, 1];
const BM25: Bm25Params = { k: 2.5, b: 0.9, d: 0.5 };
const FIELDS = ['title', 'heading', 'text'];

interface Doc {
  id: string;
  fields: string[][];
}

/** Words of skewed frequency (a few common, many rare), so document frequencies and lengths vary. */
function corpus(random: () => number, count: number, vocabulary: number): Doc[] {
  const word = () => `w${Math.floor(vocabulary * random() ** 2)}`;
  const words = (max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, word);
  return Array.from({ length: count }, (_, i) => ({ id: `d${i}`, fields: [words(4), words(3), words(40)] }));
}

/** BM25+ as written down, straight from the documents: what the postings must agree with. */
function referenceRanking(docs: readonly Doc[], entries: readonly QueryEntry[]): { id: string; score: number; sources: number[] }[] {
  const n = docs.length;
  const lengthOf = (doc: Doc, f: number) => new Set(doc.fields[f]).size;
  const average = FIELDS.map((_, f) => docs.reduce((sum, doc) => sum + lengthOf(doc, f), 0) / n);
  const frequencies = new Map<string, number>();
  const documentFrequency = (term: string, f: number): number => {
    const key = `${f} ${term}`;
    if (!frequencies.has(key)) frequencies.set(key, docs.filter((other) => other.fields[f]!.includes(term)).length);
    return frequencies.get(key)!;
  };
  // Equal scores keep the order the documents are first reached in: entries, then fields, then documents as added.
  const reached = new Map<string, number>();
  for (const { term } of entries) {
    FIELDS.forEach((_, f) => {
      for (const doc of docs) if (doc.fields[f]!.includes(term) && !reached.has(doc.id)) reached.set(doc.id, reached.size);
    });
  }
  const ranked = docs.map((doc) => {
    let score = 0;
    const sources = new Set<number>();
    for (const { term, weight, source } of entries) {
      FIELDS.forEach((_, f) => {
        const tf = doc.fields[f]!.filter((t) => t === term).length;
        if (tf === 0) return;
        const df = documentFrequency(term, f);
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const norm = 1 - BM25.b + (BM25.b * lengthOf(doc, f)) / average[f]!;
        score += weight * BOOSTS[f]! * idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * norm));
        sources.add(source);
      });
    }
    return { id: doc.id, score, sources: [...sources].sort((a, b) => a - b), order: reached.get(doc.id) ?? 0 };
  });
  return ranked
    .filter((r) => r.sources.length > 0)
    .sort((a, b) => b.score - a.score || b.sources.length - a.sources.length || a.order - b.order)
    .map(({ id, score, sources }) => ({ id, score, sources }));
}

function queries(random: () => number, count: number, vocabulary: number): QueryEntry[][] {
  return Array.from({ length: count }, () => {
    const terms = Array.from({ length: 1 + Math.floor(random() * 5) }, () => `w${Math.floor(vocabulary * random() ** 2)}`);
    // Now and then a second term under the same source with a lower weight, as a typo's neighbours are.
    return terms.flatMap((term, source) =>
      random() < 0.3
        ? [
            { term, weight: 1, source },
            { term: `w${Math.floor(vocabulary * random())}`, weight: 0.8, source },
          ]
        : [{ term, weight: 1, source }],
    );
  });
}

function expectSameRanking(actual: ReturnType<typeof referenceRanking>, expected: ReturnType<typeof referenceRanking>): void {
  expect(actual.map((h) => h.id)).toEqual(expected.map((h) => h.id));
  actual.forEach((hit, i) => {
    expect(hit.score).toBeCloseTo(expected[i]!.score, 9);
    expect(hit.sources).toEqual(expected[i]!.sources);
  });
}

describe('BM25+ postings', () => {
  it('ranks a seeded random corpus as a straightforward BM25+ does, scores and matched sources included', () => {
    const random = seededRandom(7);
    const docs = corpus(random, 300, 400);
    const postings = createBm25Postings({ boosts: BOOSTS, bm25: BM25 });
    for (const doc of docs) postings.add(doc.id, doc.fields);
    for (const entries of queries(random, 200, 400)) {
      expectSameRanking(postings.search(entries, 10), referenceRanking(docs, entries).slice(0, 10));
    }
    // Every match, not just the top: the limit cuts, it does not reorder.
    const entries = [{ term: 'w0', weight: 1, source: 0 }];
    expectSameRanking(postings.search(entries, 1000), referenceRanking(docs, entries));
  });

  it('still agrees after replacing and removing documents, through compaction and renumbering', () => {
    const random = seededRandom(11);
    const docs = corpus(random, 3000, 300);
    const postings = createBm25Postings({ boosts: BOOSTS, bm25: BM25 });
    for (const doc of docs) postings.add(doc.id, doc.fields);
    // Enough removals (over 1,024, more than remain) to renumber the documents.
    const removed = new Set(docs.filter(() => random() < 0.7).map((d) => d.id));
    for (const id of removed) expect(postings.remove(id)).toBe(true);
    expect(postings.remove('d-unknown')).toBe(false);
    let live = docs.filter((d) => !removed.has(d.id));
    // Replace a few survivors: a replaced document counts as added last.
    const replaced = live.filter(() => random() < 0.05).map((d) => ({ id: d.id, fields: corpus(random, 1, 300)[0]!.fields }));
    for (const doc of replaced) postings.add(doc.id, doc.fields);
    live = [...live.filter((d) => !replaced.some((r) => r.id === d.id)), ...replaced];
    expect(postings.size).toBe(live.length);
    expect(postings.has(replaced[0]!.id)).toBe(true);
    expect(postings.has([...removed][0]!)).toBe(false);
    for (const entries of queries(random, 100, 300)) {
      expectSameRanking(postings.search(entries, 5), referenceRanking(live, entries).slice(0, 5));
    }
  });

  it('scores as minisearch did for passage search (its sum divided by the query terms matched)', () => {
    const random = seededRandom(3);
    const docs = corpus(random, 200, 300);
    const postings = createBm25Postings({ boosts: BOOSTS, bm25: BM25 });
    const mini = new MiniSearch<{ id: string; title: string; heading: string; text: string }>({
      fields: FIELDS,
      tokenize: (text) => (text === '' ? [] : text.split(' ')),
      searchOptions: { boost: { title: 2, heading: 1.5, text: 1 }, bm25: BM25 },
    });
    for (const doc of docs) {
      postings.add(doc.id, doc.fields);
      mini.add({ id: doc.id, title: doc.fields[0]!.join(' '), heading: doc.fields[1]!.join(' '), text: doc.fields[2]!.join(' ') });
    }
    for (const entries of queries(random, 100, 300)) {
      const terms = [...new Set(entries.filter((e) => e.weight === 1).map((e) => e.term))];
      const exact = terms.map((term, source) => ({ term, weight: 1, source }));
      const expected = mini
        .search(terms.join(' '), { tokenize: () => terms })
        .map((r) => ({ id: r.id as string, score: r.score / r.queryTerms.length }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const actual = postings.search(exact, 10);
      expect(actual.map((h) => h.id)).toEqual(expected.map((h) => h.id));
      actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 9));
    }
  });

  it('returns nothing for no limit, an empty index or terms it never indexed', () => {
    const postings = createBm25Postings({ boosts: BOOSTS, bm25: BM25 });
    expect(postings.search([{ term: 'a', weight: 1, source: 0 }], 3)).toEqual([]);
    postings.add('x', [['a'], [], ['b', 'b']]);
    expect(postings.search([{ term: 'a', weight: 1, source: 0 }], 0)).toEqual([]);
    expect(postings.search([{ term: 'zzz', weight: 1, source: 0 }], 3)).toEqual([]);
  });

  it('finds indexed terms one insertion, deletion or substitution away', () => {
    const postings = createBm25Postings({ boosts: BOOSTS, bm25: BM25 });
    postings.add('x', [['address'], [], ['adress', 'addresses', 'dress', 'adderss', 'addrest']]);
    expect(postings.termsOneEditFrom('adress').sort()).toEqual(['address', 'dress']);
    expect(postings.termsOneEditFrom('addres').sort()).toEqual(['address', 'addrest']);
    expect(isOneEditApart('address', 'address')).toBe(false);
    expect(isOneEditApart('address', 'adderss')).toBe(false);
    expect(isOneEditApart('ab', 'abcd')).toBe(false);
  });
});
