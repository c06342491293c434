import { describe, expect, it } from 'vitest';
import { SimilarTicketIndex, type SimilarMatch } from '../../src/nlp/similar-ticket-index.js';

/** The pipeline's default SIMILARITY_THRESHOLD. */
const THRESHOLD = 0.7;

/** Resolved tickets of a small help desk, each a different problem. */
const RESOLVED: Record<string, string> = {
  'password-reset': 'I forgot my password and the reset email never arrives',
  'double-charge': 'I was charged twice for the same invoice this month',
  'csv-export': 'How do I export my reports to a CSV file?',
  'two-factor': 'The two-factor authentication code is rejected when I log in',
  'slack-notifications': 'Slack notifications stopped working after the last update',
  'delete-account': 'Please delete my account and all of my personal data',
  'rate-limit': 'Our API requests fail with error 429 too many requests',
  'upgrade-plan': 'How can I upgrade our subscription to the business plan?',
  'invite-member': 'I cannot invite a new team member to our workspace',
  'dark-mode': 'Is there a dark mode for the dashboard?',
};

const docs = Object.entries(RESOLVED).map(([id, text]) => ({ id, text, payload: `solution for ${id}` }));

function loaded(): SimilarTicketIndex<string> {
  const index = new SimilarTicketIndex<string>();
  index.load(docs);
  return index;
}

const ids = (matches: SimilarMatch<unknown>[]) => matches.map((m) => m.id);

/** Seeded word soup with a few very common words and many rare ones, like real tickets. */
function syntheticTexts(count: number, seed: number): string[] {
  let state = seed >>> 0;
  // mulberry32
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const word = () => `w${Math.floor(300 * random() ** 3)}`;
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(random() * 8) }, word).join(' '));
}

describe('SimilarTicketIndex', () => {
  it('finds the resolved ticket about the same problem among several', () => {
    const index = loaded();
    expect(index.search('The reset email for my forgotten password never arrives')[0]?.id).toBe('password-reset');
    expect(index.search('We get error 429 from your API')[0]?.id).toBe('rate-limit');
    expect(index.search('how to invite a team member?')[0]?.id).toBe('invite-member');
    expect(index.search('Dark mode on the dashboard')[0]).toMatchObject({ id: 'dark-mode', payload: 'solution for dark-mode' });
  });

  it('scores an identical message ≈ 1 and an unrelated one below the threshold', () => {
    const index = loaded();
    const [identical] = index.search(RESOLVED['double-charge']!);
    expect(identical?.id).toBe('double-charge');
    expect(identical?.score).toBeCloseTo(1, 10);
    const unrelated = index.search('What are your office opening hours in Berlin?');
    expect(unrelated.every((m) => m.score < THRESHOLD)).toBe(true);
  });

  it('scores a paraphrase with the same key words at or above 0.7, and a different problem below', () => {
    const index = loaded();
    const paraphrases: [string, string][] = [
      ['Password reset email never arrived', 'password-reset'],
      ['You charged me twice for the same invoice', 'double-charge'],
      ['Export reports as CSV', 'csv-export'],
    ];
    for (const [text, id] of paraphrases) {
      const [best] = index.search(text);
      expect(best?.id, text).toBe(id);
      expect(best?.score, text).toBeGreaterThanOrEqual(THRESHOLD);
    }
    // Share words with a resolved ticket but ask for something else.
    for (const text of [
      'My invoice shows the wrong billing address',
      'How do I downgrade my subscription to the free plan?',
      'Can I export the invoice as a PDF?',
    ]) {
      const [best] = index.search(text);
      expect(best, text).toBeDefined();
      expect(best!.score, text).toBeLessThan(THRESHOLD);
    }
  });

  it('counts words no ticket has against the match', () => {
    const index = loaded();
    const plain = index.search('Slack notifications stopped working')[0]!.score;
    const withExtra = index.search('Slack notifications stopped working and the kanban board flickers')[0]!.score;
    expect(withExtra).toBeLessThan(plain);
  });

  it('returns best matches first, at most limit of them, 3 by default', () => {
    const index = loaded();
    const query = 'How do I export or delete my account data, upgrade my plan and invite a member?';
    const all = index.search(query, 10);
    expect(all.length).toBeGreaterThan(3);
    const scores = all.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(index.search(query)).toEqual(all.slice(0, 3));
    expect(index.search(query, 2)).toEqual(all.slice(0, 2));
    expect(index.search(query, 0)).toEqual([]);
  });

  it('breaks ties by id so equal scores always come back in the same order', () => {
    const index = new SimilarTicketIndex<null>();
    for (const id of ['c', 'a', 'b']) index.upsert(id, 'Refund for a cancelled order', null);
    index.upsert('other', 'Shipping address change', null);
    expect(ids(index.search('refund cancelled order'))).toEqual(['a', 'b', 'c']);
  });

  it('replaces the text and payload of an id on upsert', () => {
    const index = loaded();
    index.upsert('password-reset', 'Webhooks are delivered with an invalid signature', 'new solution');
    expect(index.size).toBe(docs.length);
    expect(ids(index.search('password reset email never arrives'))).not.toContain('password-reset');
    expect(index.search('invalid webhook signature')[0]).toMatchObject({ id: 'password-reset', payload: 'new solution' });
  });

  it('never returns a removed (demoted) ticket, and returns it again once re-added', () => {
    const index = loaded();
    const text = RESOLVED['csv-export']!;
    expect(index.remove('csv-export')).toBe(true);
    expect(index.has('csv-export')).toBe(false);
    expect(index.size).toBe(docs.length - 1);
    expect(ids(index.search(text, 10))).not.toContain('csv-export');
    // As if it had never been added: nothing of it is left in postings or document frequencies
    // ("how" is also in another ticket, so its postings are still walked).
    const neverAdded = new SimilarTicketIndex<string>();
    neverAdded.load(docs.filter((d) => d.id !== 'csv-export'));
    for (const query of [text, 'How can I export the plan?']) {
      expect(index.search(query, 10)).toEqual(neverAdded.search(query, 10));
    }
    expect(index.remove('csv-export')).toBe(false);

    index.upsert('csv-export', text, 'solution again');
    expect(index.search(text)[0]).toMatchObject({ id: 'csv-export', payload: 'solution again' });
    expect(index.search(text)[0]!.score).toBeCloseTo(1, 10);
  });

  it('gives the same results after a bulk load as after adding the tickets one by one', () => {
    const bulk = loaded();
    const incremental = new SimilarTicketIndex<string>();
    for (const doc of docs) incremental.upsert(doc.id, doc.text, doc.payload);
    for (const query of [...Object.values(RESOLVED), 'error when I log in to the dashboard', 'cancel my subscription']) {
      const expected = bulk.search(query, 10);
      const actual = incremental.search(query, 10);
      expect(ids(actual), query).toEqual(ids(expected));
      actual.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i]!.score, 12));
    }
  });

  it('stays within a small drift of a fresh rebuild after many adds and removals', () => {
    const texts = syntheticTexts(3000, 7);
    const incremental = new SimilarTicketIndex<number>();
    texts.forEach((text, i) => incremental.upsert(`t${i}`, text, i));
    for (let i = 0; i < texts.length; i += 3) incremental.remove(`t${i}`);
    const rebuilt = new SimilarTicketIndex<number>();
    rebuilt.load(texts.map((text, i) => ({ id: `t${i}`, text, payload: i })).filter((_, i) => i % 3 !== 0));
    expect(incremental.size).toBe(rebuilt.size);
    for (const query of syntheticTexts(200, 99)) {
      expect(Math.abs(incremental.search(query)[0]!.score - rebuilt.search(query)[0]!.score)).toBeLessThan(0.02);
    }
  });

  it('returns the same matches whether or not common terms are skipped while gathering candidates', () => {
    const docsOf = (texts: string[]) => texts.map((text, i) => ({ id: `t${i}`, text, payload: i }));
    const texts = syntheticTexts(4000, 11);
    const skipping = new SimilarTicketIndex<number>();
    const scanning = new SimilarTicketIndex<number>({ commonTermShare: Infinity });
    skipping.load(docsOf(texts));
    scanning.load(docsOf(texts));
    // Also after incremental changes, which move the bounds the skipping relies on.
    for (let i = 0; i < 300; i++) {
      for (const index of [skipping, scanning]) {
        index.remove(`t${i * 7}`);
        index.upsert(`n${i}`, texts[i]!.split(' ').reverse().join(' ') + ' w1', -i);
      }
    }
    for (const [n, query] of syntheticTexts(300, 13).entries()) {
      const limit = [1, 3, 10][n % 3];
      const expected = scanning.search(query, limit);
      const actual = skipping.search(query, limit);
      expect(ids(actual), query).toEqual(ids(expected));
      actual.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i]!.score, 12));
    }
  });

  it('returns nothing from an empty index or for a query without words', () => {
    expect(new SimilarTicketIndex().search('my password reset email never arrives')).toEqual([]);
    const index = loaded();
    for (const query of ['', '   \n\t ', '?!… --- ###', 'is it the']) expect(index.search(query)).toEqual([]);
  });

  it('keeps a ticket without words but never returns it', () => {
    const index = loaded();
    index.upsert('blank', '???', 'nothing');
    expect(index.has('blank')).toBe(true);
    expect(index.size).toBe(docs.length + 1);
    expect(ids(index.search('??? anything at all about the dashboard', 20))).not.toContain('blank');
  });

  it('keeps every score a cosine in (0, 1]', () => {
    const index = new SimilarTicketIndex<number>();
    const texts = syntheticTexts(500, 3);
    texts.forEach((text, i) => index.upsert(`t${i}`, `${text} ${text}`, i));
    for (const query of [...texts.slice(0, 100), ...syntheticTexts(100, 5), ...Object.values(RESOLVED)]) {
      for (const { score } of index.search(query, 20)) {
        expect(score).toBeGreaterThan(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    }
  });
});
