import { describe, expect, it } from 'vitest';
import { crossValidatedAbstention, type Scored } from '../../src/bin/eval-kb.js';
import { faqKnowledgeBase } from '../../src/nlp/faq-dataset.js';
import { seededRandom } from '../../src/nlp/seeded-random.js';
import { splitPerGroup, topKAccuracy } from '../../src/nlp/retrieval-evaluation.js';

const fixture = {
  root: {
    qapair: [
      { question: 'How do I get a refund?', answer: ['Write to support.', 'Use the form.'], rephr: ['money back?', '*', 'refund please'] },
      { question: 'Where is my parcel?', answer: 'Track it on the order page.', rephr: [null, 'track order', ' '] },
    ],
  },
};

describe('FAQ knowledge base', () => {
  it('makes one passage per thread, titled by its question, with its answers as text', () => {
    const kb = faqKnowledgeBase(fixture);
    expect(kb.passages).toEqual([
      { id: '0', pageTitle: 'How do I get a refund?', headingPath: [], text: 'Write to support.\n\nUse the form.' },
      { id: '1', pageTitle: 'Where is my parcel?', headingPath: [], text: 'Track it on the order page.' },
    ]);
  });

  it('takes each usable rephrasing as a query for its own thread and skips placeholders', () => {
    const kb = faqKnowledgeBase(fixture);
    expect(kb.queries).toEqual([
      [
        { text: 'money back?', passageId: '0' },
        { text: 'refund please', passageId: '0' },
      ],
      [{ text: 'track order', passageId: '1' }],
    ]);
  });

  it('refuses a file of another shape', () => {
    expect(() => faqKnowledgeBase({ rows: [] })).toThrow(/StackFAQ/);
    expect(() => faqKnowledgeBase({ root: { qapair: [{ answer: 'x' }] } })).toThrow(/no question/);
  });
});

describe('seeded split', () => {
  const groups = [['a1', 'a2', 'a3', 'a4'], ['b1', 'b2', 'b3'], ['c1']];

  it('puts half of each group, rounded down, in dev and the rest in test, each item once', () => {
    const { dev, test } = splitPerGroup(groups, 7);
    expect(dev.filter((x) => x.startsWith('a'))).toHaveLength(2);
    expect(dev.filter((x) => x.startsWith('b'))).toHaveLength(1);
    expect(test.filter((x) => x.startsWith('b'))).toHaveLength(2);
    expect(test).toContain('c1');
    expect([...dev, ...test].sort()).toEqual(groups.flat().sort());
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const many = [Array.from({ length: 40 }, (_, i) => `q${i}`)];
    expect(splitPerGroup(many, 1)).toEqual(splitPerGroup(many, 1));
    expect(splitPerGroup(many, 1).dev).not.toEqual(splitPerGroup(many, 2).dev);
  });

  it('draws numbers in [0, 1) reproducibly', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 100 }, () => a());
    expect(draws).toEqual(Array.from({ length: 100 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('top-k accuracy', () => {
  const results = [
    { expected: '1', ranked: ['1', '2', '3'] },
    { expected: '2', ranked: ['1', '3', '2'] },
    { expected: '3', ranked: ['1', '2', '4'] },
    { expected: '4', ranked: [] },
  ];

  it('counts a query right when its passage is among the first k returned', () => {
    expect(topKAccuracy(results, 1)).toBe(0.25);
    expect(topKAccuracy(results, 3)).toBe(0.5);
  });

  it('is 0 without queries', () => {
    expect(topKAccuracy([], 1)).toBe(0);
  });
});

describe('cross-validated abstention on dev', () => {
  /** A search for one of five threads whose best hit is right or not, leading the next page by `margin`. */
  const search = (i: number, isRight: boolean, margin: number, coverage = isRight ? 1 : 0.5): Scored => {
    const expected = String(i % 5);
    return {
      result: { expected, ranked: [isRight ? expected : 'other', expected] },
      features: { topScore: 10, margin, coverage, queryTerms: 4 },
    };
  };

  it('answers each fold at a threshold fitted on the others: clear right answers yes, doubtful wrong ones no', () => {
    const dev = [
      ...Array.from({ length: 80 }, (_, i) => search(i, true, 0.4 + (i % 10) / 20)),
      ...Array.from({ length: 20 }, (_, i) => search(i, false, (i % 4) / 40)),
    ];
    const row = crossValidatedAbstention(dev, 5);
    expect(row.precision).toBe(1);
    expect(row.coverage).toBeGreaterThan(0.7);
    expect(row.answered).toBe(Math.round(row.coverage * dev.length));
  });

  it('answers nothing when no threshold reaches the target precision on the other folds', () => {
    // Right and wrong alike to the confidence: every threshold answers half wrong.
    const dev = Array.from({ length: 100 }, (_, i) => search(i, i % 2 === 0, 0.5, 1));
    expect(crossValidatedAbstention(dev, 5)).toMatchObject({ coverage: 0, precision: null, answered: 0 });
  });
});
