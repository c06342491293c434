import { describe, expect, it } from 'vitest';
import { UNKNOWN_INTENT } from '../../src/domain/decide.js';
import { IntentClassifier, type ClassifierState } from '../../src/nlp/intent-classifier.js';
import { WordCoverage } from '../../src/nlp/word-coverage.js';
import { TINY_INTENTS } from '../fixtures/tiny-intents.js';

// Small data: the model is the average of the cross-validation folds' models.
const classifier = IntentClassifier.train(TINY_INTENTS);

describe('IntentClassifier', () => {
  it.each([
    ['I forgot my password and cannot sign in', 'login_issue'],
    ['you charged my card two times', 'payment_issue'],
    ['please add an export to csv feature', 'feature_request'],
  ])('classifies %j as %s', (text, intent) => {
    expect(classifier.predict(text).intent).toBe(intent);
  });

  it('gives probabilities that sum to 1', () => {
    for (const text of ['login broken', 'refund please', 'zzzz qqqq', '']) {
      const sum = classifier.probabilities(text).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 10);
    }
  });

  it('ranks the top three intents by probability, the first being the prediction', () => {
    const p = classifier.predict('my payment was declined');
    expect(p.top).toHaveLength(3);
    expect(p.top[0]!.intent).toBe(p.intent);
    expect(p.top[0]!.probability).toBeGreaterThanOrEqual(p.top[1]!.probability);
    expect(p.top[1]!.probability).toBeGreaterThanOrEqual(p.top[2]!.probability);
    // Familiarity can only take the confidence down from the probability.
    expect(p.confidence).toBeLessThanOrEqual(p.top[0]!.probability);
    expect(p.confidence).toBeGreaterThan(0);
  });

  it('is much less confident about a message unlike any intent', () => {
    const clear = classifier.predict('I was charged twice, please refund the duplicate charge');
    for (const text of ['what is the capital of mongolia', 'zzzz qqqq', '']) {
      const unlike = classifier.predict(text);
      // Below the default auto-resolve threshold (0.75), so it would be escalated.
      expect(unlike.confidence, text).toBeLessThan(0.75);
      expect(unlike.confidence, text).toBeLessThan(clear.confidence - 0.3);
    }
  });

  it("trusts an intent's phrasing less when the words that matter are new to it", () => {
    const known = classifier.predict('how do I reset my password');
    const novel = classifier.predict('how do I reset my thermostat schedule');
    expect(known.confidence).toBeGreaterThan(0.9);
    expect(novel.confidence).toBeLessThan(0.75);
  });

  it('returns an out-of-fold prediction for every training message', () => {
    const { heldOut } = IntentClassifier.trainWithHeldOut(TINY_INTENTS);
    expect(heldOut).toHaveLength(TINY_INTENTS.length);
    expect(heldOut.map((h) => h.label)).toEqual(TINY_INTENTS.map((d) => d.label));
    // Held-out predictions are honest, so a few may be wrong, but most of this easy set is right.
    expect(heldOut.filter((h) => h.intent === h.label).length).toBeGreaterThan(TINY_INTENTS.length * 0.7);
  });

  it('predicts unknown for a trained out-of-scope label', () => {
    const withOos = IntentClassifier.train([
      ...TINY_INTENTS,
      ...[
        'what is the weather tomorrow',
        'tell me a joke',
        'who won the football game',
        'recipe for pancakes',
        'how tall is mount everest',
        'play some music',
        'what time is it in tokyo',
        'translate hello to french',
        'set an alarm for 7',
        'how far is the moon',
        'book a table for two',
        'what is two plus two',
      ].map((text) => ({ text, label: 'oos' })),
    ]);
    expect(withOos.predict('tell me a joke about the weather').intent).toBe(UNKNOWN_INTENT);
    expect(withOos.labels).toContain('oos');
  });

  it('trains the same model from the same data', () => {
    const again = IntentClassifier.train(TINY_INTENTS);
    expect(Array.from(again.probabilities('refund my money'))).toEqual(Array.from(classifier.probabilities('refund my money')));
  });

  it('restores from its saved state with identical predictions', () => {
    const restored = IntentClassifier.restore(JSON.parse(JSON.stringify(classifier.toState())));
    for (const text of ['cannot log in', 'double charge', 'add dark mode', 'hello', 'what is the capital of mongolia']) {
      expect(restored.predict(text)).toEqual(classifier.predict(text));
    }
    expect(restored.temperature).toBe(classifier.temperature);
    expect(restored.labels).toEqual(classifier.labels);
  });

  it('refuses a state saved in another format, so the caller retrains', () => {
    const old = { ...classifier.toState(), version: 1 } as unknown as ClassifierState;
    expect(() => IntentClassifier.restore(old)).toThrow(/version 1/);
  });

  it('refuses to train on fewer than two labels', () => {
    expect(() => IntentClassifier.train(TINY_INTENTS.filter((d) => d.label === 'login_issue'))).toThrow(/two labels/);
  });
});

describe('WordCoverage', () => {
  // Three messages: intent 0 uses "reset" and "password", intent 1 uses "refund".
  const coverage = WordCoverage.fit(
    [
      ['reset', 'password'],
      ['reset', 'my', 'password'],
      ['refund', 'my', 'money'],
    ],
    [0, 0, 1],
    2,
  );

  it('is the IDF-weighted share of the message words the intent has used', () => {
    expect(coverage.coverage(['reset', 'password'], 0)).toBe(1);
    expect(coverage.coverage(['reset', 'password'], 1)).toBe(0);
    // "my" occurs in two of three messages, "money" in one: the rarer word weighs more.
    const idf = (df: number) => Math.log(4 / (1 + df)) + 1;
    expect(coverage.coverage(['my', 'money'], 0)).toBeCloseTo(idf(2) / (idf(2) + idf(1)));
  });

  it('weighs words never seen in training the most, and gives a message without words 0', () => {
    expect(coverage.coverage(['reset', 'thermostat'], 0)).toBeLessThan(0.5);
    expect(coverage.coverage([], 0)).toBe(0);
  });

  it('restores from its saved state', () => {
    const restored = WordCoverage.restore(JSON.parse(JSON.stringify(coverage.toState())));
    expect(restored.coverage(['my', 'money', 'back'], 1)).toBe(coverage.coverage(['my', 'money', 'back'], 1));
  });
});
