import { describe, expect, it } from 'vitest';
import {
  answerConfidence,
  DEFAULT_ANSWER_MODEL,
  featureValue,
  kindPriorRate,
  trackRecordLogOdds,
  type Features,
} from '../../src/domain/answer-confidence.js';
import type { LabelledCandidate } from '../../src/domain/ports/learning.js';
import { fitAnswerModel, MIN_OUTCOMES, thresholdForPrecision, wilsonLowerBound } from '../../src/pipeline/learning/fit-answer-model.js';
import { prng as createSeededRandom } from '../../bench/lib/seeded.js';

const solution = (features: Features) => answerConfidence(DEFAULT_ANSWER_MODEL, 'solution', features);
const template = (features: Features) => answerConfidence(DEFAULT_ANSWER_MODEL, 'template', features);
const passage = (features: Features) => answerConfidence(DEFAULT_ANSWER_MODEL, 'passage', features);

/** A section of the docs that no other page comes near, holding every word of the question. */
const CLEAR_PASSAGE: Features = { retrievalMargin: 0.8, termCoverage: 1, scorePerTerm: 1.5, trackRecord: 0 };

const NEAR_DUPLICATE: Features = {
  similarity: 0.97,
  share: 1,
  margin: 0.6,
  neighbours: 0.2,
  intentAgreement: 0,
  hasIntent: 0,
  answerProbability: 0,
  familiarity: 1,
  trackRecord: 0,
};
const CLEAR_TEMPLATE: Features = {
  intentProbability: 0.95,
  intentMargin: 0.9,
  familiarity: 1,
  keywordMatch: 1 / 3,
  keywordBehind: 0,
  trackRecord: 0,
};

describe('answer confidence: each piece of evidence moves it the right way', () => {
  it.each<[string, Partial<Features>]>([
    ['a nearer resolved ticket', { similarity: 0.99 }],
    ['more of the neighbourhood agreeing', { share: 1, neighbours: 0.8 }],
    ['a wider margin over a different answer', { margin: 0.9 }],
    ['the classifier agreeing with the answer’s intent', { hasIntent: 1, intentAgreement: 0.9 }],
    ['the classifier having learnt the answer itself', { answerProbability: 0.9 }],
    ['a good track record', { trackRecord: trackRecordLogOdds({ helpful: 5, notHelpful: 0 }) }],
  ])('a solution gains from %s', (_what, better) => {
    expect(solution({ ...NEAR_DUPLICATE, ...better })).toBeGreaterThan(solution(NEAR_DUPLICATE));
  });

  it.each<[string, Partial<Features>]>([
    ['a less similar ticket', { similarity: 0.8 }],
    ['a competing answer as near', { share: 0.5, margin: 0 }],
    ['words unfamiliar to the classifier', { familiarity: 0.3 }],
    ['"not helpful" ratings', { trackRecord: trackRecordLogOdds({ helpful: 0, notHelpful: 2 }) }],
  ])('a solution loses from %s', (_what, worse) => {
    expect(solution({ ...NEAR_DUPLICATE, ...worse })).toBeLessThan(solution(NEAR_DUPLICATE));
  });

  it.each<[string, Partial<Features>, 'up' | 'down']>([
    ['a likelier intent', { intentProbability: 0.99 }, 'up'],
    ['more keywords', { keywordMatch: 1 }, 'up'],
    ['helpful ratings', { trackRecord: trackRecordLogOdds({ helpful: 4, notHelpful: 0 }) }, 'up'],
    ['a less likely intent', { intentProbability: 0.7 }, 'down'],
    ['a close second intent', { intentMargin: 0.1 }, 'down'],
    ['a sibling template matching more keywords', { keywordBehind: 1 / 3 }, 'down'],
    ['unfamiliar words', { familiarity: 0.4 }, 'down'],
    ['"not helpful" ratings', { trackRecord: trackRecordLogOdds({ helpful: 0, notHelpful: 2 }) }, 'down'],
  ])('a template moves with %s', (_what, change, direction) => {
    const moved = template({ ...CLEAR_TEMPLATE, ...change });
    if (direction === 'up') expect(moved).toBeGreaterThan(template(CLEAR_TEMPLATE));
    else expect(moved).toBeLessThan(template(CLEAR_TEMPLATE));
  });

  it.each<[string, Partial<Features>, 'up' | 'down']>([
    ['standing further ahead of every other page', { retrievalMargin: 1 }, 'up'],
    ['a higher score per search term', { scorePerTerm: 2.5 }, 'up'],
    ['helpful ratings', { trackRecord: trackRecordLogOdds({ helpful: 4, notHelpful: 0 }) }, 'up'],
    ['another page nearly as good', { retrievalMargin: 0.1 }, 'down'],
    ['another page better', { retrievalMargin: -0.3 }, 'down'],
    ['fewer of the question’s words', { termCoverage: 0.5 }, 'down'],
    ['"not helpful" ratings', { trackRecord: trackRecordLogOdds({ helpful: 0, notHelpful: 2 }) }, 'down'],
  ])('a passage of the docs moves with %s', (_what, change, direction) => {
    const moved = passage({ ...CLEAR_PASSAGE, ...change });
    if (direction === 'up') expect(moved).toBeGreaterThan(passage(CLEAR_PASSAGE));
    else expect(moved).toBeLessThan(passage(CLEAR_PASSAGE));
  });

  it('answers from the docs by default only when one page clearly wins and covers the question', () => {
    expect(passage(CLEAR_PASSAGE)).toBeGreaterThanOrEqual(0.9);
    expect(passage({ ...CLEAR_PASSAGE, retrievalMargin: 0.2 })).toBeLessThan(0.9);
    expect(passage({ ...CLEAR_PASSAGE, termCoverage: 0.4, retrievalMargin: 0.5 })).toBeLessThan(0.9);
    expect(passage({ ...CLEAR_PASSAGE, trackRecord: trackRecordLogOdds({ helpful: 0, notHelpful: 2 }) })).toBeLessThan(0.9);
  });

  it('is conservative by default: a near duplicate and a clear template pass 0.9, rivals and one-keyword hunches do not', () => {
    expect(solution(NEAR_DUPLICATE)).toBeGreaterThanOrEqual(0.9);
    expect(template(CLEAR_TEMPLATE)).toBeGreaterThanOrEqual(0.9);
    expect(solution({ ...NEAR_DUPLICATE, share: 0.5, margin: 0 })).toBeLessThan(0.5);
    expect(template({ ...CLEAR_TEMPLATE, intentProbability: 0.6, intentMargin: 0.3 })).toBeLessThan(0.5);
  });

  it('keeps one rating from swinging a track record: the prior counts as two of each', () => {
    expect(trackRecordLogOdds({ helpful: 0, notHelpful: 0 })).toBe(0);
    expect(trackRecordLogOdds({ helpful: 0, notHelpful: 1 })).toBeCloseTo(Math.log(2 / 3), 10);
    expect(trackRecordLogOdds({ helpful: 3, notHelpful: 3 })).toBe(0);
  });

  it('starts an unrated answer from its kind’s recent record when that is poor, never above even', () => {
    expect(kindPriorRate({ helpful: 0, notHelpful: 0 })).toBe(0.5);
    // One or a few ratings say nothing yet about a whole kind.
    expect(kindPriorRate({ helpful: 0, notHelpful: 4 })).toBe(0.5);
    expect(kindPriorRate({ helpful: 90, notHelpful: 10 })).toBe(0.5);
    expect(kindPriorRate({ helpful: 1, notHelpful: 6 })).toBeCloseTo(3 / 11, 10);
    expect(trackRecordLogOdds({ helpful: 0, notHelpful: 0 }, kindPriorRate({ helpful: 1, notHelpful: 6 }))).toBeLessThan(
      trackRecordLogOdds({ helpful: 0, notHelpful: 1 }),
    );
    // Its own ratings still count: a helpful history outweighs a poor kind.
    expect(trackRecordLogOdds({ helpful: 10, notHelpful: 0 }, 0.2)).toBeGreaterThan(0);
  });
});

describe('fitting answer confidence on history', () => {
  /** A deployment whose true P(answered) is σ(−6 + slope·similarity): the default model is off. */
  function history(n: number, seed = 7, slope = 8): LabelledCandidate[] {
    const random = createSeededRandom(seed);
    return Array.from({ length: n }, () => {
      const similarity = random();
      const truth = 1 / (1 + Math.exp(-(-6 + slope * similarity)));
      return { kind: 'solution', features: { similarity, share: 1, margin: similarity, neighbours: 0.2 }, answered: random() < truth };
    });
  }

  it('keeps the default while a kind has too few outcomes', () => {
    expect(fitAnswerModel(history(MIN_OUTCOMES - 1))).toBe(DEFAULT_ANSWER_MODEL);
    expect(fitAnswerModel([])).toBe(DEFAULT_ANSWER_MODEL);
  });

  it('is calibrated on the history it learns from: predicted and observed rates agree in each band', () => {
    const fitted = fitAnswerModel(history(4000));
    expect(fitted.version).toMatch(/^fit-[0-9a-f]{10}$/);
    expect(fitted.kinds.template).toEqual(DEFAULT_ANSWER_MODEL.kinds.template);
    const test = history(4000, 99);
    for (const [low, high] of [
      [0, 0.2],
      [0.2, 0.5],
      [0.5, 0.8],
      [0.8, 1.01],
    ] as const) {
      const band = test.filter((e) => {
        const p = answerConfidence(fitted, 'solution', e.features);
        return p >= low && p < high;
      });
      if (band.length < 100) continue;
      const predicted = band.reduce((sum, e) => sum + answerConfidence(fitted, 'solution', e.features), 0) / band.length;
      const observed = band.filter((e) => e.answered).length / band.length;
      expect(Math.abs(predicted - observed)).toBeLessThan(0.05);
    }
  });

  it('carries the threshold at which its history’s answers, taken together, met the target precision', () => {
    // Near-certain at the top (σ(6) at similarity 1), so a 97 % line exists.
    const fitted = fitAnswerModel(history(4000, 7, 12), DEFAULT_ANSWER_MODEL, 0.97);
    const threshold = fitted.threshold!;
    expect(threshold).toBeGreaterThan(0.5);
    expect(threshold).toBeLessThan(1);
    // On fresh data from the same deployment, answering at or above it keeps (about) the target.
    const answered = history(4000, 99, 12).filter((e) => answerConfidence(fitted, 'solution', e.features) >= threshold);
    expect(answered.length).toBeGreaterThan(100);
    expect(answered.filter((e) => e.answered).length / answered.length).toBeGreaterThan(0.95);
    // No target, no threshold; a target nothing reached (σ(2) = 0.88 at best here) answers nothing.
    expect(fitAnswerModel(history(4000, 7, 12)).threshold).toBeUndefined();
    expect(fitAnswerModel(history(4000), DEFAULT_ANSWER_MODEL, 0.97).threshold).toBe(1);
  });

  it('puts the threshold where the answers above it meet the target with 90 % confidence, counting ties together', () => {
    const scored = (pairs: [number, boolean][]) => pairs.map(([confidence, answered]) => ({ confidence, answered }));
    const times = (n: number, confidence: number, wrong: number): [number, boolean][] =>
      Array.from({ length: n }, (_, i) => [confidence, i >= wrong]);
    // 100 right at 0.99, then 10 at 0.95 of which 2 wrong (108/110 = 98.2 %), then 10 at 0.92 of which 5 wrong.
    const short = scored([...times(100, 0.99, 0), ...times(10, 0.95, 2), ...times(10, 0.92, 5)]);
    // 98.2 % of 110 is not clearly 97 % (95 % confidence): only the flawless 100 are.
    expect(thresholdForPrecision(short, 0.97)).toBe(0.99);
    expect(thresholdForPrecision(short, 0.9)).toBe(0.95);
    // The same rates over ten times the history are clear enough.
    const long = scored([...times(600, 0.99, 0), ...times(100, 0.95, 2), ...times(100, 0.92, 50)]);
    expect(thresholdForPrecision(long, 0.97)).toBe(0.95);
    // Too few answers above any line to say anything: answer nothing.
    expect(thresholdForPrecision(scored([[0.99, true]]), 0.5)).toBe(1);
  });

  it('bounds a proportion from below, tighter as the count grows', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(97, 100)).toBeLessThan(0.97);
    expect(wilsonLowerBound(97, 100)).toBeCloseTo(0.927, 3);
    expect(wilsonLowerBound(9700, 10_000)).toBeGreaterThan(0.967);
    expect(wilsonLowerBound(50, 50)).toBeLessThan(1);
  });

  it('learns that evidence the default trusts does not hold here', () => {
    // Templates that look clear but never answered: agents always sent something else.
    const random = createSeededRandom(3);
    const misleading: LabelledCandidate[] = Array.from({ length: 300 }, (_, i) => ({
      kind: 'template',
      features: { ...CLEAR_TEMPLATE, intentProbability: 0.85 + 0.15 * random() },
      answered: i % 10 === 0,
    }));
    const fitted = fitAnswerModel(misleading);
    expect(answerConfidence(fitted, 'template', CLEAR_TEMPLATE)).toBeLessThan(0.3);
    expect(template(CLEAR_TEMPLATE)).toBeGreaterThan(0.9);
  });

  it('never learns that more of a piece of evidence is worse: such a weight is held at 0', () => {
    // A history where helpful ratings happen to come with wrong answers (popular answers are the
    // ones most often confused): an unconstrained fit would weigh the track record negatively.
    const random = createSeededRandom(11);
    const spurious: LabelledCandidate[] = Array.from({ length: 2000 }, () => {
      const similarity = random();
      const answered = random() < 1 / (1 + Math.exp(-(-6 + 10 * similarity)));
      const trackRecord = answered ? random() : 1 + random();
      return { kind: 'solution', features: { similarity, share: 1, margin: similarity, trackRecord }, answered };
    });
    const fitted = fitAnswerModel(spurious);
    expect(fitted.kinds.solution.weights.trackRecord).toBe(0);
    expect(fitted.kinds.solution.weights.similarity).toBeGreaterThan(0);
    const rated = (trackRecord: number) => answerConfidence(fitted, 'solution', { similarity: 0.8, share: 1, margin: 0.8, trackRecord });
    expect(rated(2)).toBe(rated(0));
    // Where ratings do tell, they keep their weight.
    const telling = spurious.map((e) => ({ ...e, features: { ...e.features, trackRecord: e.answered ? 1 + random() : random() } }));
    expect(fitAnswerModel(telling).kinds.solution.weights.trackRecord).toBeGreaterThan(0);
  });

  it('weighs the classifier’s probability of an answer as log-odds, finite at 0 and 1', () => {
    expect(featureValue({ answerProbability: 0.5 }, 'answerLogOdds')).toBe(0);
    expect(featureValue({ answerProbability: 0.99 }, 'answerLogOdds')).toBeCloseTo(Math.log(99), 6);
    // 0.95 → 0.99 is a step of 1.6 in log-odds, as large as 0.5 → 0.83.
    const step = featureValue({ answerProbability: 0.99 }, 'answerLogOdds') - featureValue({ answerProbability: 0.95 }, 'answerLogOdds');
    expect(step).toBeCloseTo(1.65, 2);
    expect(featureValue({ answerProbability: 0 }, 'answerLogOdds')).toBe(-7);
    expect(featureValue({ answerProbability: 1 }, 'answerLogOdds')).toBe(7);
    expect(featureValue({}, 'answerLogOdds')).toBe(-7);
    expect(featureValue({}, 'similarity')).toBe(0);
    // Derived, not stored: history stored before the feature existed is fitted with it too.
    const random = createSeededRandom(5);
    const stored: LabelledCandidate[] = Array.from({ length: 1000 }, () => {
      const answerProbability = random();
      return { kind: 'solution', features: { answerProbability }, answered: random() < answerProbability ** 4 };
    });
    expect(fitAnswerModel(stored).kinds.solution.weights.answerLogOdds).toBeGreaterThan(0);
  });

  it('counts the classifier’s confidence in another answer against this one', () => {
    // The rival's probability is the answer's own minus its margin: 0.45 − (−0.5) = 0.95.
    expect(featureValue({ answerProbability: 0.45, answerMargin: -0.5 }, 'rivalLogOdds')).toBeCloseTo(Math.log(0.95 / 0.05), 6);
    // An answer too new to be a class has probability 0, and the rival is simply the likeliest class.
    expect(featureValue({ answerProbability: 0, answerMargin: -0.3 }, 'rivalLogOdds')).toBeCloseTo(Math.log(0.3 / 0.7), 6);
    // A history where near-identical tickets' answers were wrong whenever another class was likely.
    const random = createSeededRandom(8);
    const history: LabelledCandidate[] = Array.from({ length: 1500 }, () => {
      const rival = random();
      const features = { similarity: 0.9, share: 1, margin: 0.9, answerProbability: 0, answerMargin: -rival };
      return { kind: 'solution', features, answered: random() < 1 - rival ** 2 };
    });
    const fitted = fitAnswerModel(history);
    expect(fitted.kinds.solution.weights.rivalLogOdds).toBeLessThan(0);
    const rivalAt = (p: number) => answerConfidence(fitted, 'solution', { similarity: 0.9, share: 1, margin: 0.9, answerMargin: -p });
    expect(rivalAt(0.05)).toBeGreaterThan(rivalAt(0.5));
    expect(rivalAt(0.5)).toBeGreaterThan(rivalAt(0.99));
  });
});
