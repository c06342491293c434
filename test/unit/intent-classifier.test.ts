import { describe, expect, it } from 'vitest';
import { UNKNOWN_INTENT } from '../../src/domain/decide.js';
import { IntentClassifier } from '../../src/nlp/intent-classifier.js';
import { TINY_INTENTS } from '../fixtures/tiny-intents.js';

// Small data: every example is used for training except the calibration share.
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
    expect(p.top[0]).toEqual({ intent: p.intent, probability: p.confidence });
    expect(p.top[0]!.probability).toBeGreaterThanOrEqual(p.top[1]!.probability);
    expect(p.top[1]!.probability).toBeGreaterThanOrEqual(p.top[2]!.probability);
  });

  it('is much less confident about a message unlike any intent', () => {
    const clear = classifier.predict('I was charged twice, please refund the duplicate charge');
    const unlike = classifier.predict('what is the capital of mongolia');
    expect(unlike.confidence).toBeLessThan(0.75);
    expect(unlike.confidence).toBeLessThan(clear.confidence);
  });

  it('predicts unknown for a trained out-of-scope label', () => {
    const withOos = IntentClassifier.train([
      ...TINY_INTENTS,
      ...['what is the weather tomorrow', 'tell me a joke', 'who won the football game', 'recipe for pancakes', 'how tall is mount everest', 'play some music', 'what time is it in tokyo', 'translate hello to french', 'set an alarm for 7', 'how far is the moon', 'book a table for two', 'what is two plus two'].map(
        (text) => ({ text, label: 'oos' }),
      ),
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
    for (const text of ['cannot log in', 'double charge', 'add dark mode', 'hello']) {
      expect(restored.predict(text)).toEqual(classifier.predict(text));
    }
  });

  it('refuses to train on fewer than two labels', () => {
    expect(() => IntentClassifier.train(TINY_INTENTS.filter((d) => d.label === 'login_issue'))).toThrow(/two labels/);
  });
});
