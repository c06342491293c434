import { describe, expect, it } from 'vitest';
import type { IndexedPassage } from '../../src/domain/ports/knowledge.js';
import {
  DEFAULT_CONFIDENCE_WEIGHTS,
  fitConfidenceWeights,
  passageConfidence,
  searchFeatures,
  type SearchFeatures,
} from '../../src/nlp/passage-confidence.js';
import { createPassageIndex, type PassageMatch } from '../../src/nlp/passage-index.js';

const passage = (id: string, pageTitle: string, text: string, headingPath: string[] = []): IndexedPassage => ({
  id,
  pageTitle,
  headingPath,
  text,
});

const docs = [
  passage('refund', 'Refund policy', 'Money is returned to the card you paid with within 30 days.'),
  passage('shipping', 'Shipping times', 'Parcels leave the warehouse within two days of the order.'),
  passage('password', 'Your account', 'Click "forgot password" on the sign-in page.', ['Security', 'Reset a password']),
];

describe('passage index', () => {
  it('ranks the passage whose words share a stem with the query first', () => {
    const index = createPassageIndex();
    index.add(docs);
    expect(index.search('How do refunds work?', 3)[0]?.id).toBe('refund');
    expect(index.search('parcel shipped late', 3)[0]?.id).toBe('shipping');
  });

  it('searches the heading path', () => {
    const index = createPassageIndex();
    index.add(docs);
    expect(index.search('resetting my password', 3)[0]?.id).toBe('password');
  });

  it('ranks a title match above a mention in the body', () => {
    const index = createPassageIndex();
    index.add([
      passage('body', 'Orders', 'Invoices for every order are emailed after payment.'),
      passage('title', 'Invoices', 'Every order is emailed after payment with its details.'),
    ]);
    const hits = index.search('invoice', 2);
    expect(hits.map((h) => h.id)).toEqual(['title', 'body']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('replaces a passage added again under the same id', () => {
    const index = createPassageIndex();
    index.add(docs);
    index.add([passage('refund', 'Refund policy', 'Vouchers are issued instead of cash.')]);
    expect(index.size).toBe(3);
    expect(index.search('voucher', 3).map((h) => h.id)).toEqual(['refund']);
    expect(index.search('card paid', 3).map((h) => h.id)).not.toContain('refund');
  });

  it('removes passages and ignores ids it does not hold', () => {
    const index = createPassageIndex();
    index.add(docs);
    index.remove(['refund', 'never-added']);
    expect(index.size).toBe(2);
    expect(index.search('refund', 3)).toEqual([]);
    index.remove(['never-added']);
    expect(index.size).toBe(2);
  });

  it('finds nothing for an empty query, an empty index, a zero limit or only stop words', () => {
    const empty = createPassageIndex();
    expect(empty.search('refund', 3)).toEqual([]);
    const index = createPassageIndex();
    index.add(docs);
    expect(index.search('', 3)).toEqual([]);
    expect(index.search('   ', 3)).toEqual([]);
    expect(index.search('refund', 0)).toEqual([]);
    expect(index.search('how do I do this with them?', 3)).toEqual([]);
    expect(index.queryTerms('how do I do this with them?')).toEqual([]);
  });

  it('reports the distinct query terms each hit matched, and its page', () => {
    const index = createPassageIndex();
    index.add(docs);
    expect(index.queryTerms('Refunds, refunds and the card')).toEqual(['refund', 'card']);
    const [top] = index.search('refund to my card or voucher', 3);
    expect(top).toMatchObject({ id: 'refund', page: 'Refund policy' });
    expect([...top!.matchedTerms].sort()).toEqual(['card', 'refund']);
  });

  it('can index pairs of adjacent stems without counting them as query terms', () => {
    const index = createPassageIndex({ isBigrams: true });
    index.add(docs);
    expect(index.queryTerms('forgot password')).toEqual(['forgot', 'password']);
    expect(index.search('forgot password', 3)[0]).toMatchObject({ id: 'password', matchedTerms: ['forgot', 'password'] });
  });
});

const hit = (id: string, page: string, score: number, matchedTerms: string[] = ['a']): PassageMatch => ({ id, page, score, matchedTerms });

describe('search features', () => {
  it('measures the margin to the best hit on a different page, not to a section of the same page', () => {
    const samePage = searchFeatures(['a'], [hit('1', 'P', 10), hit('2', 'P', 9.9), hit('3', 'Q', 5)]);
    expect(samePage.margin).toBeCloseTo(0.5);
    const nearTie = searchFeatures(['a'], [hit('1', 'P', 10), hit('3', 'Q', 9)]);
    expect(nearTie.margin).toBeCloseTo(0.1);
    expect(searchFeatures(['a'], [hit('1', 'P', 10)]).margin).toBe(1);
  });

  it('measures the share of the query terms the best hit contains', () => {
    expect(searchFeatures(['a', 'b'], [hit('1', 'P', 4, ['a'])]).coverage).toBe(0.5);
    expect(searchFeatures(['a', 'b'], [hit('1', 'P', 4, ['a', 'b'])]).coverage).toBe(1);
  });

  it('gives no evidence for a search without hits or terms', () => {
    expect(searchFeatures([], [])).toEqual({ topScore: 0, margin: 0, coverage: 0, queryTerms: 0 });
    expect(passageConfidence(searchFeatures(['a'], []))).toBe(0);
  });

  it('is more confident with a wider margin, a fuller coverage and a higher score', () => {
    const base: SearchFeatures = { topScore: 6, margin: 0.2, coverage: 0.5, queryTerms: 3 };
    const c = passageConfidence(base);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(passageConfidence({ ...base, margin: 0.6 })).toBeGreaterThan(c);
    expect(passageConfidence({ ...base, coverage: 1 })).toBeGreaterThan(c);
    expect(passageConfidence({ ...base, topScore: 20 })).toBeGreaterThan(c);
  });

  it('fits weights that follow the evidence in the outcomes', () => {
    const features: SearchFeatures[] = [];
    const right: boolean[] = [];
    for (let i = 0; i < 200; i++) {
      const margin = (i % 20) / 20;
      features.push({ topScore: 5, margin, coverage: 0.5, queryTerms: 2 });
      // Right above a margin of 0.3, wrong below: sharper than the defaults assume.
      right.push(margin > 0.3);
    }
    const weights = fitConfidenceWeights(features, right);
    expect(weights[1]).toBeGreaterThan(DEFAULT_CONFIDENCE_WEIGHTS[1]);
    const at = (margin: number) => passageConfidence({ topScore: 5, margin, coverage: 0.5, queryTerms: 2 }, weights);
    expect(at(0.1)).toBeLessThan(0.2);
    expect(at(0.6)).toBeGreaterThan(0.8);
  });
});

describe('words the index does not know', () => {
  const letters = [
    passage('letter', 'Letters', 'Write a letter to the office.'),
    passage('better', 'Plans', 'A better plan for the office.'),
  ];

  it('matches a misspelt word to an indexed term one edit away, and counts it as covered', () => {
    const index = createPassageIndex();
    index.add(letters);
    const hits = index.search('lettre office', 3);
    expect(hits[0]).toMatchObject({ id: 'letter' });
    expect([...hits[0]!.matchedTerms].sort()).toEqual([...index.queryTerms('lettre office')].sort());
  });

  it('searches a known word as written, not its neighbours one edit away', () => {
    const index = createPassageIndex();
    index.add(letters);
    expect(index.search('letter', 3).map((h) => h.id)).toEqual(['letter']);
  });

  it('leaves unknown words alone when fuzzy matching is off', () => {
    const index = createPassageIndex({ unknownTermFuzzy: null });
    index.add(letters);
    expect(index.search('lettre', 3)).toEqual([]);
  });

  it('also searches two words the docs write as one, crediting the words it joined', () => {
    const index = createPassageIndex();
    index.add([passage('mail', 'Contact', 'Send us an email.'), passage('post', 'Post', 'Letters reach us by post.')]);
    expect(index.queryTerms('e mail')).toEqual(['mail']);
    expect(index.search('e mail', 3)[0]).toMatchObject({ id: 'mail', matchedTerms: ['mail'] });
    const apart = createPassageIndex({ isJoiningWords: false });
    apart.add([passage('mail', 'Contact', 'Send us an email.')]);
    expect(apart.search('e mail', 3)).toEqual([]);
  });
});
