import { describe, expect, it } from 'vitest';
import { decide, ESCALATION_REASONS, type DecisionInput, type IntentPolicy } from '../../src/domain/decide.js';

const policies = (entries: Record<string, IntentPolicy>): ReadonlyMap<string, IntentPolicy> => new Map(Object.entries(entries));
const BILLING = { autoResolve: true, threshold: null };

/** Everything in place for an automatic answer; each test breaks one thing. */
const input = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  asksForHuman: false,
  classification: { intent: 'billing', confidence: 0.6 },
  policies: policies({ billing: BILLING }),
  defaultThreshold: 0.9,
  candidates: [{ intent: 'billing', confidence: 0.95 }],
  ...overrides,
});

describe('decide', () => {
  it('answers with the best candidate when its answer confidence reaches the threshold, whatever the classifier’s own confidence', () => {
    expect(decide(input())).toEqual({
      kind: 'auto_resolve',
      intent: 'billing',
      confidence: 0.6,
      answerConfidence: 0.95,
      threshold: 0.9,
      candidate: 0,
    });
  });

  it('answers at exactly the threshold', () => {
    expect(decide(input({ candidates: [{ intent: 'billing', confidence: 0.9 }] }))).toMatchObject({
      kind: 'auto_resolve',
      answerConfidence: 0.9,
    });
  });

  it('picks the best candidate wherever it is in the list', () => {
    const candidates = [
      { intent: 'billing', confidence: 0.4 },
      { intent: null, confidence: 0.97 },
    ];
    expect(decide(input({ candidates }))).toMatchObject({ kind: 'auto_resolve', candidate: 1, answerConfidence: 0.97, intent: 'billing' });
  });

  it('answers a message the classifier calls unknown (or files under an intent the pack lacks) when a reused answer fits it', () => {
    const reused = [{ intent: null, confidence: 0.96 }];
    expect(decide(input({ classification: { intent: 'unknown', confidence: 0.8 }, candidates: reused }))).toMatchObject({
      kind: 'auto_resolve',
      intent: 'unknown',
    });
    const learned = [{ intent: 'order_eta', confidence: 0.96 }];
    expect(decide(input({ classification: { intent: 'order_eta', confidence: 0.7 }, candidates: learned }))).toMatchObject({
      kind: 'auto_resolve',
      intent: 'order_eta',
    });
  });

  describe('escalates with a reason for each failing condition', () => {
    it('customer_requested_human, keeping the classification for the audit trail', () => {
      expect(decide(input({ asksForHuman: true }))).toEqual({
        kind: 'escalate',
        reason: 'customer_requested_human',
        intent: 'billing',
        confidence: 0.6,
        answerConfidence: null,
        threshold: null,
      });
    });

    it('urgent, when the policy sends urgent tickets to a person', () => {
      expect(decide(input({ escalateAsUrgent: true }))).toMatchObject({ kind: 'escalate', reason: 'urgent' });
    });

    it('classifier_error when the classifier reported an error: the evidence of every candidate is incomplete', () => {
      expect(decide(input({ classification: { error: 'model not loaded' } }))).toMatchObject({ reason: 'classifier_error', intent: null });
    });

    it('intent_requires_human when the pack forbids auto-resolving the classified intent, whatever the candidates', () => {
      const decision = decide(
        input({ policies: policies({ billing: { autoResolve: false, threshold: null } }), candidates: [{ intent: null, confidence: 1 }] }),
      );
      expect(decision).toMatchObject({ reason: 'intent_requires_human', intent: 'billing' });
    });

    it('unknown_intent when there is no candidate and the classifier found no intent', () => {
      expect(decide(input({ classification: { intent: 'unknown', confidence: 0.99 }, candidates: [] }))).toMatchObject({
        reason: 'unknown_intent',
        intent: 'unknown',
      });
    });

    it('no_reply_available when the classifier is sure of an intent but no reply fits the message', () => {
      expect(decide(input({ classification: { intent: 'billing', confidence: 0.99 }, candidates: [] }))).toEqual({
        kind: 'escalate',
        reason: 'no_reply_available',
        intent: 'billing',
        confidence: 0.99,
        answerConfidence: null,
        threshold: null,
      });
    });

    it('low_confidence when the best candidate falls short, recording its answer confidence and the threshold applied', () => {
      expect(decide(input({ candidates: [{ intent: 'billing', confidence: 0.8999 }] }))).toEqual({
        kind: 'escalate',
        reason: 'low_confidence',
        intent: 'billing',
        confidence: 0.6,
        answerConfidence: 0.8999,
        threshold: 0.9,
      });
    });
  });

  describe('candidates', () => {
    it('never sends a less likely reply because the likelier one fell short of a stricter threshold', () => {
      const candidates = [
        { intent: 'refunds', confidence: 0.93 },
        { intent: 'billing', confidence: 0.91 },
      ];
      const strict = policies({ billing: BILLING, refunds: { autoResolve: true, threshold: 0.95 } });
      expect(decide(input({ policies: strict, candidates }))).toMatchObject({
        reason: 'low_confidence',
        answerConfidence: 0.93,
        threshold: 0.95,
      });
    });

    it('leaves out candidates of intents that must go to a person, and candidates whose confidence is not a probability', () => {
      const strict = policies({ billing: BILLING, refunds: { autoResolve: false, threshold: null } });
      const candidates = [
        { intent: 'refunds', confidence: 0.99 },
        { intent: 'billing', confidence: Number.NaN },
        { intent: 'billing', confidence: 2 },
        { intent: 'billing', confidence: 0.92 },
      ];
      expect(decide(input({ policies: strict, candidates }))).toMatchObject({ kind: 'auto_resolve', candidate: 3 });
      expect(decide(input({ policies: strict, candidates: candidates.slice(0, 3) }))).toMatchObject({ reason: 'no_reply_available' });
    });
  });

  describe('per-intent threshold', () => {
    it('raises the threshold for that intent’s answers', () => {
      const strict = policies({ billing: { autoResolve: true, threshold: 0.97 } });
      expect(decide(input({ policies: strict }))).toMatchObject({ reason: 'low_confidence', threshold: 0.97 });
      expect(decide(input({ policies: strict, candidates: [{ intent: 'billing', confidence: 0.97 }] }))).toMatchObject({
        kind: 'auto_resolve',
        threshold: 0.97,
      });
    });

    it('never lowers it below the default: an intent’s threshold can only make it stricter', () => {
      const loose = policies({ billing: { autoResolve: true, threshold: 0.5 } });
      expect(decide(input({ policies: loose, candidates: [{ intent: 'billing', confidence: 0.8 }] }))).toMatchObject({
        reason: 'low_confidence',
        threshold: 0.9,
      });
    });

    it('uses the default for a candidate without an intent', () => {
      expect(decide(input({ candidates: [{ intent: null, confidence: 0.9 }] }))).toMatchObject({ kind: 'auto_resolve', threshold: 0.9 });
    });
  });

  describe('invalid confidence', () => {
    it.each([
      ['NaN', Number.NaN],
      ['undefined', undefined],
      ['null', null],
      ["the string '0.9'", '0.9'],
      ['-0.1', -0.1],
      ['1.01', 1.01],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['an object', { value: 0.9 }],
      ['a bigint', 1n],
    ])('escalates invalid_confidence for a classifier confidence of %s', (_label, confidence) => {
      expect(decide(input({ classification: { intent: 'billing', confidence } }))).toMatchObject({
        reason: 'invalid_confidence',
        intent: 'billing',
        confidence: null,
      });
    });
  });

  describe('invalid threshold', () => {
    it.each([Number.NaN, 0, -0.5, 1.5, Number.POSITIVE_INFINITY, '0.75' as unknown as number, undefined as unknown as number])(
      'escalates invalid_threshold for a default of %s',
      (defaultThreshold) => {
        expect(decide(input({ defaultThreshold }))).toMatchObject({ reason: 'invalid_threshold' });
      },
    );

    it.each([Number.NaN, 0, -0.5, 1.5, Number.NEGATIVE_INFINITY])('escalates invalid_threshold for an override of %s', (threshold) => {
      expect(decide(input({ policies: policies({ billing: { autoResolve: true, threshold } }) }))).toMatchObject({
        reason: 'invalid_threshold',
      });
    });
  });

  describe('order between reasons', () => {
    it('puts the customer asking for a person before everything, even a failed classifier', () => {
      expect(decide(input({ asksForHuman: true, classification: { error: 'timeout' } }))).toMatchObject({
        reason: 'customer_requested_human',
        intent: null,
      });
      const everythingWrong = input({
        asksForHuman: true,
        classification: { intent: 'unknown', confidence: Number.NaN },
        defaultThreshold: Number.NaN,
        candidates: [],
      });
      expect(decide(everythingWrong)).toMatchObject({ reason: 'customer_requested_human', intent: 'unknown', confidence: null });
    });

    it('puts classifier_error before invalid_confidence, and invalid_confidence before the rest', () => {
      const classification = { error: 'boom', intent: 'billing', confidence: Number.NaN } as DecisionInput['classification'];
      expect(decide(input({ classification, candidates: [] }))).toMatchObject({ reason: 'classifier_error' });
      expect(decide(input({ classification: { intent: 'unknown', confidence: 2 }, candidates: [] }))).toMatchObject({
        reason: 'invalid_confidence',
      });
    });

    it('puts intent_requires_human before invalid_threshold and low_confidence', () => {
      const decision = decide(
        input({
          policies: policies({ billing: { autoResolve: false, threshold: 7 } }),
          candidates: [{ intent: 'billing', confidence: 0.1 }],
        }),
      );
      expect(decision).toMatchObject({ reason: 'intent_requires_human' });
    });

    it('puts invalid_threshold before no_reply_available and low_confidence', () => {
      expect(decide(input({ defaultThreshold: 0, candidates: [] }))).toMatchObject({ reason: 'invalid_threshold' });
    });
  });

  describe('garbage input', () => {
    const garbage: [string, unknown][] = [
      ['an empty object', {}],
      ['null', null],
      ['undefined', undefined],
      ['a string', 'auto_resolve'],
      ['an array', []],
      ['asksForHuman as a string', { ...input(), asksForHuman: 'no' }],
      ['no classification', { ...input(), classification: undefined }],
      ['a numeric intent', { ...input(), classification: { intent: 42, confidence: 0.9 } }],
      ['policies as a plain object', { ...input(), policies: { billing: BILLING } }],
      ['candidates as an object', { ...input(), candidates: { 0: { intent: 'billing', confidence: 1 } } }],
      ['candidates of garbage', { ...input(), candidates: [null, 'x', 1, { confidence: '1' }] }],
      [
        'a throwing getter',
        Object.defineProperty({ ...input() }, 'classification', {
          get() {
            throw new Error('boom');
          },
        }),
      ],
    ];

    it.each(garbage)('never throws and escalates for %s', (_label, value) => {
      let decision: ReturnType<typeof decide> | undefined;
      expect(() => {
        decision = decide(value as DecisionInput);
      }).not.toThrow();
      expect(decision?.kind).toBe('escalate');
      if (decision?.kind === 'escalate') expect(ESCALATION_REASONS).toContain(decision.reason);
    });

    it('treats anything but autoResolve === true in a policy as requiring a person', () => {
      const odd = policies({ billing: { autoResolve: 'true', threshold: null } as unknown as IntentPolicy });
      expect(decide(input({ policies: odd }))).toMatchObject({ reason: 'intent_requires_human' });
    });
  });

  it('lists every reason it can produce, once', () => {
    expect(ESCALATION_REASONS).toEqual(
      expect.arrayContaining([
        'customer_requested_human',
        'urgent',
        'classifier_error',
        'invalid_confidence',
        'unknown_intent',
        'intent_requires_human',
        'invalid_threshold',
        'low_confidence',
        'no_reply_available',
        'pipeline_error',
      ]),
    );
    expect(new Set(ESCALATION_REASONS).size).toBe(ESCALATION_REASONS.length);
  });
});
