import { describe, expect, it } from 'vitest';
import { decide, ESCALATION_REASONS, type DecisionInput } from '../../src/domain/decide.js';

/** Everything in place for an automatic answer; each test breaks one thing. */
const input = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  asksForHuman: false,
  classification: { intent: 'billing', confidence: 0.9 },
  intentPolicy: { autoResolve: true, threshold: null },
  defaultThreshold: 0.75,
  replyAvailable: true,
  ...overrides,
});

describe('decide', () => {
  it('auto-resolves when every condition holds, recording intent, confidence and the applied threshold', () => {
    expect(decide(input())).toEqual({ kind: 'auto_resolve', intent: 'billing', confidence: 0.9, threshold: 0.75 });
  });

  it('auto-resolves a confidence exactly at the threshold', () => {
    const decision = decide(input({ classification: { intent: 'billing', confidence: 0.75 } }));
    expect(decision).toEqual({ kind: 'auto_resolve', intent: 'billing', confidence: 0.75, threshold: 0.75 });
  });

  it('auto-resolves with a threshold of exactly 1 only at confidence 1', () => {
    expect(decide(input({ defaultThreshold: 1, classification: { intent: 'billing', confidence: 1 } })).kind).toBe('auto_resolve');
    expect(decide(input({ defaultThreshold: 1, classification: { intent: 'billing', confidence: 0.999 } }))).toMatchObject({ reason: 'low_confidence' });
  });

  describe('escalates with a reason for each failing condition', () => {
    it('customer_requested_human, keeping the classification for the audit trail', () => {
      expect(decide(input({ asksForHuman: true }))).toEqual({
        kind: 'escalate',
        reason: 'customer_requested_human',
        intent: 'billing',
        confidence: 0.9,
        threshold: null,
      });
    });

    it('classifier_error when the classifier reported an error', () => {
      expect(decide(input({ classification: { error: 'model not loaded' } }))).toEqual({
        kind: 'escalate',
        reason: 'classifier_error',
        intent: null,
        confidence: null,
        threshold: null,
      });
    });

    it('unknown_intent when the classifier says unknown', () => {
      expect(decide(input({ classification: { intent: 'unknown', confidence: 0.99 } }))).toEqual({
        kind: 'escalate',
        reason: 'unknown_intent',
        intent: 'unknown',
        confidence: 0.99,
        threshold: null,
      });
    });

    it('unknown_intent when the intent is not in the pack', () => {
      expect(decide(input({ intentPolicy: undefined }))).toMatchObject({ kind: 'escalate', reason: 'unknown_intent', intent: 'billing' });
    });

    it('intent_requires_human when the pack forbids auto-resolving the intent, however confident', () => {
      const decision = decide(input({ classification: { intent: 'billing', confidence: 1 }, intentPolicy: { autoResolve: false, threshold: 0.5 } }));
      expect(decision).toEqual({ kind: 'escalate', reason: 'intent_requires_human', intent: 'billing', confidence: 1, threshold: null });
    });

    it('low_confidence below the threshold, recording the threshold that was applied', () => {
      expect(decide(input({ classification: { intent: 'billing', confidence: 0.7499 } }))).toEqual({
        kind: 'escalate',
        reason: 'low_confidence',
        intent: 'billing',
        confidence: 0.7499,
        threshold: 0.75,
      });
    });

    it('low_confidence for a confidence of 0', () => {
      expect(decide(input({ classification: { intent: 'billing', confidence: 0 } }))).toMatchObject({ reason: 'low_confidence', confidence: 0 });
    });

    it('no_reply_available when confident but nothing to say', () => {
      expect(decide(input({ replyAvailable: false }))).toEqual({
        kind: 'escalate',
        reason: 'no_reply_available',
        intent: 'billing',
        confidence: 0.9,
        threshold: 0.75,
      });
    });
  });

  describe('per-intent threshold override', () => {
    it('applies a stricter override: escalates what the default would let through', () => {
      const policy = { autoResolve: true, threshold: 0.95 };
      expect(decide(input({ intentPolicy: policy }))).toMatchObject({ kind: 'escalate', reason: 'low_confidence', threshold: 0.95 });
      expect(decide(input({ intentPolicy: policy, classification: { intent: 'billing', confidence: 0.95 } }))).toEqual({
        kind: 'auto_resolve',
        intent: 'billing',
        confidence: 0.95,
        threshold: 0.95,
      });
    });

    it('applies a looser override: auto-resolves what the default would escalate', () => {
      const classification = { intent: 'billing', confidence: 0.6 };
      expect(decide(input({ classification }))).toMatchObject({ reason: 'low_confidence', threshold: 0.75 });
      expect(decide(input({ classification, intentPolicy: { autoResolve: true, threshold: 0.5 } }))).toEqual({
        kind: 'auto_resolve',
        intent: 'billing',
        confidence: 0.6,
        threshold: 0.5,
      });
    });

    it('falls back to the default when the override is absent', () => {
      const intentPolicy = { autoResolve: true } as DecisionInput['intentPolicy'];
      expect(decide(input({ intentPolicy }))).toMatchObject({ kind: 'auto_resolve', threshold: 0.75 });
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
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['an object', { value: 0.9 }],
      ['a bigint', 1n],
    ])('escalates invalid_confidence for %s', (_label, confidence) => {
      expect(decide(input({ classification: { intent: 'billing', confidence } }))).toEqual({
        kind: 'escalate',
        reason: 'invalid_confidence',
        intent: 'billing',
        confidence: null,
        threshold: null,
      });
    });

    it('escalates invalid_confidence when the confidence is missing altogether', () => {
      const classification = { intent: 'billing' } as DecisionInput['classification'];
      expect(decide(input({ classification }))).toMatchObject({ reason: 'invalid_confidence' });
    });
  });

  describe('invalid threshold', () => {
    it.each([Number.NaN, 0, -0.5, 1.5, Number.POSITIVE_INFINITY, '0.75' as unknown as number, undefined as unknown as number])(
      'escalates invalid_threshold for a default of %s',
      (defaultThreshold) => {
        expect(decide(input({ defaultThreshold }))).toEqual({
          kind: 'escalate',
          reason: 'invalid_threshold',
          intent: 'billing',
          confidence: 0.9,
          threshold: null,
        });
      },
    );

    it.each([Number.NaN, 0, -0.5, 1.5, Number.NEGATIVE_INFINITY])('escalates invalid_threshold for an override of %s', (threshold) => {
      expect(decide(input({ intentPolicy: { autoResolve: true, threshold } }))).toMatchObject({ reason: 'invalid_threshold' });
    });

    it('escalates on a broken default even when a valid override would apply: the configuration is not trusted', () => {
      expect(decide(input({ defaultThreshold: Number.NaN, intentPolicy: { autoResolve: true, threshold: 0.5 } }))).toMatchObject({
        reason: 'invalid_threshold',
      });
    });
  });

  describe('order between reasons', () => {
    it('puts the customer asking for a person before everything, even a failed classifier', () => {
      expect(decide(input({ asksForHuman: true, classification: { error: 'timeout' } }))).toEqual({
        kind: 'escalate',
        reason: 'customer_requested_human',
        intent: null,
        confidence: null,
        threshold: null,
      });
      const everythingWrong = input({
        asksForHuman: true,
        classification: { intent: 'unknown', confidence: Number.NaN },
        intentPolicy: undefined,
        defaultThreshold: Number.NaN,
        replyAvailable: false,
      });
      expect(decide(everythingWrong)).toMatchObject({ reason: 'customer_requested_human', intent: 'unknown', confidence: null });
    });

    it('puts classifier_error before invalid_confidence and the rest', () => {
      const classification = { error: 'boom', intent: 'billing', confidence: Number.NaN } as DecisionInput['classification'];
      expect(decide(input({ classification, intentPolicy: undefined, replyAvailable: false }))).toMatchObject({ reason: 'classifier_error' });
    });

    it('puts invalid_confidence before unknown_intent', () => {
      expect(decide(input({ classification: { intent: 'unknown', confidence: 2 }, intentPolicy: undefined }))).toMatchObject({
        reason: 'invalid_confidence',
      });
    });

    it('puts unknown_intent before intent_requires_human and low_confidence', () => {
      const decision = decide(input({ classification: { intent: 'unknown', confidence: 0.1 }, intentPolicy: { autoResolve: false, threshold: null } }));
      expect(decision).toMatchObject({ reason: 'unknown_intent' });
    });

    it('puts intent_requires_human before invalid_threshold and low_confidence', () => {
      const decision = decide(input({ classification: { intent: 'billing', confidence: 0.1 }, intentPolicy: { autoResolve: false, threshold: 7 } }));
      expect(decision).toMatchObject({ reason: 'intent_requires_human' });
    });

    it('puts invalid_threshold before low_confidence and no_reply_available', () => {
      const decision = decide(input({ classification: { intent: 'billing', confidence: 0.1 }, defaultThreshold: 0, replyAvailable: false }));
      expect(decision).toMatchObject({ reason: 'invalid_threshold' });
    });

    it('puts low_confidence before no_reply_available', () => {
      expect(decide(input({ classification: { intent: 'billing', confidence: 0.5 }, replyAvailable: false }))).toMatchObject({
        reason: 'low_confidence',
      });
    });
  });

  describe('garbage input', () => {
    const garbage: [string, unknown][] = [
      ['an empty object', {}],
      ['null', null],
      ['undefined', undefined],
      ['a string', 'auto_resolve'],
      ['a number', 42],
      ['an array', []],
      ['asksForHuman as a string', { ...input(), asksForHuman: 'no' }],
      ['no classification', { ...input(), classification: undefined }],
      ['classification as a string', { ...input(), classification: 'billing' }],
      ['a numeric intent', { ...input(), classification: { intent: 42, confidence: 0.9 } }],
      ['intentPolicy as a string', { ...input(), intentPolicy: 'yes' }],
      ['autoResolve as a string', { ...input(), intentPolicy: { autoResolve: 'true', threshold: null } }],
      ['replyAvailable as a string', { ...input(), replyAvailable: 'true' }],
      [
        'a throwing getter',
        Object.defineProperty({ ...input() }, 'classification', {
          get() {
            throw new Error('boom');
          },
        }),
      ],
      [
        'a proxy that throws on every access',
        new Proxy(
          {},
          {
            get() {
              throw new Error('boom');
            },
          },
        ),
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

    it('reports a malformed input as pipeline_error and a malformed classification as classifier_error', () => {
      expect(decide({} as DecisionInput)).toMatchObject({ reason: 'pipeline_error' });
      expect(decide(null as unknown as DecisionInput)).toMatchObject({ reason: 'pipeline_error' });
      expect(decide({ ...input(), asksForHuman: undefined } as unknown as DecisionInput)).toMatchObject({ reason: 'pipeline_error' });
      expect(decide({ ...input(), classification: undefined } as unknown as DecisionInput)).toMatchObject({ reason: 'classifier_error' });
      expect(decide({ ...input(), classification: { intent: 42, confidence: 0.9 } } as unknown as DecisionInput)).toMatchObject({
        reason: 'classifier_error',
      });
    });

    it('treats anything but autoResolve === true as requiring a person, and anything but replyAvailable === true as no reply', () => {
      const policy = { autoResolve: 'true', threshold: null } as unknown as DecisionInput['intentPolicy'];
      expect(decide(input({ intentPolicy: policy }))).toMatchObject({ reason: 'intent_requires_human' });
      expect(decide(input({ replyAvailable: 1 as unknown as boolean }))).toMatchObject({ reason: 'no_reply_available' });
    });
  });

  it('lists every reason it can produce', () => {
    expect(ESCALATION_REASONS).toEqual(
      expect.arrayContaining([
        'customer_requested_human',
        'classifier_error',
        'invalid_confidence',
        'unknown_intent',
        'intent_requires_human',
        'invalid_threshold',
        'low_confidence',
        'no_reply_available',
        'pipeline_error',
        'customer_rejected',
      ]),
    );
    expect(new Set(ESCALATION_REASONS).size).toBe(ESCALATION_REASONS.length);
  });
});
