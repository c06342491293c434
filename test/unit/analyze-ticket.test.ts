import { describe, expect, it } from 'vitest';
import type { IntentModel, IntentPrediction, SolutionIndex, SolutionMatch } from '../../src/domain/pipeline-ports.js';
import { parseIntentPack } from '../../src/intents/intent-pack.js';
import { analyzeTicket, type AnalysisDeps } from '../../src/pipeline/analyze-ticket.js';

const pack = parseIntentPack(
  {
    version: 1,
    intents: [
      {
        name: 'login_issue',
        examples: Array.from({ length: 10 }, (_, i) => `login example ${i}`),
        templates: [{ id: 'login_issue.reset', keywords: ['password'], text: 'Reset your password from the sign-in page.' }],
      },
      {
        name: 'payment_issue',
        autoResolve: false,
        examples: Array.from({ length: 10 }, (_, i) => `payment example ${i}`),
        templates: [{ id: 'payment_issue.refund', text: 'Refunds take 5 days.' }],
      },
    ],
  },
  'test',
);
const intents = new Map(pack.intents.map((i) => [i.name, i]));

const modelSaying = (prediction: IntentPrediction): IntentModel => ({ version: 'test', predict: () => prediction });
const predicting = (intent: string, confidence: number): IntentModel => modelSaying({ intent, confidence, top: [{ intent, probability: confidence }] });

function indexWith(matches: SolutionMatch[]): SolutionIndex {
  return { size: matches.length, search: (_text, limit) => matches.slice(0, limit), upsert: () => undefined, remove: () => false };
}
const emptyIndex = indexWith([]);
const solution = (score: number, intent: string | null = 'login_issue'): SolutionMatch => ({
  ticketId: 'a0000000-0000-4000-8000-000000000000',
  score,
  solution: { ticketId: 'a0000000-0000-4000-8000-000000000000', message: 'old', response: 'Try the reset link.', intent },
});

const deps = (overrides: Partial<AnalysisDeps> = {}): AnalysisDeps => ({
  model: predicting('login_issue', 0.95),
  solutions: emptyIndex,
  intents,
  settings: { autoResolveThreshold: 0.75, similarityThreshold: 0.7, urgentThreshold: 0.8, urgentPolicy: 'escalate' },
  ...overrides,
});

describe('analyzeTicket', () => {
  it('sends an urgent ticket to a person under the escalate policy, however confident, and answers it under answer_and_alert', () => {
    expect(analyzeTicket(deps(), 'I forgot my password', 0.85).decision).toMatchObject({ kind: 'escalate', reason: 'urgent', intent: 'login_issue' });
    expect(analyzeTicket(deps(), 'I forgot my password', 0.79).decision.kind).toBe('auto_resolve');
    const answering = deps({ settings: { autoResolveThreshold: 0.75, similarityThreshold: 0.7, urgentThreshold: 0.8, urgentPolicy: 'answer_and_alert' } });
    expect(analyzeTicket(answering, 'I forgot my password', 0.95).decision.kind).toBe('auto_resolve');
  });

  it('auto-resolves a confident known intent from its template', () => {
    const analysis = analyzeTicket(deps(), 'I forgot my password');
    expect(analysis.decision).toEqual({ kind: 'auto_resolve', intent: 'login_issue', confidence: 0.95, threshold: 0.75 });
    expect(analysis.basis).toMatchObject({ kind: 'template', templateId: 'login_issue.reset' });
    expect(analysis.failures).toEqual([]);
  });

  it('reuses a similar solution at or above the similarity threshold, and lists candidates below it too', () => {
    const reuse = analyzeTicket(deps({ solutions: indexWith([solution(0.7)]) }), 'password reset');
    expect(reuse.basis).toMatchObject({ kind: 'similar_ticket', similarity: 0.7 });
    const below = analyzeTicket(deps({ solutions: indexWith([solution(0.69)]) }), 'password reset');
    expect(below.basis?.kind).toBe('template');
    expect(below.candidates).toHaveLength(1);
  });

  it('escalates with classifier_error when the classifier throws, and records the failure', () => {
    const broken: IntentModel = {
      version: 'x',
      predict: () => {
        throw new Error('model exploded');
      },
    };
    const analysis = analyzeTicket(deps({ model: broken }), 'I forgot my password');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'classifier_error' });
    expect(analysis.failures).toEqual([{ step: 'classify', error: 'model exploded' }]);
  });

  it('still decides when the similar-ticket index throws, from the template', () => {
    const broken: SolutionIndex = { ...emptyIndex, search: () => { throw new Error('index down'); } };
    const analysis = analyzeTicket(deps({ solutions: broken }), 'I forgot my password');
    expect(analysis.decision.kind).toBe('auto_resolve');
    expect(analysis.failures).toEqual([{ step: 'similar', error: 'index down' }]);
  });

  it.each([NaN, -0.1, 1.5, Infinity])('escalates a confidence of %s as invalid_confidence', (confidence) => {
    expect(analyzeTicket(deps({ model: predicting('login_issue', confidence) }), 'x').decision).toMatchObject({ reason: 'invalid_confidence' });
  });

  it('escalates an intent the pack forbids auto-resolving, and an intent the pack does not have', () => {
    expect(analyzeTicket(deps({ model: predicting('payment_issue', 0.99) }), 'refund').decision).toMatchObject({ reason: 'intent_requires_human' });
    expect(analyzeTicket(deps({ model: predicting('shipping', 0.99) }), 'parcel').decision).toMatchObject({ reason: 'unknown_intent' });
    expect(analyzeTicket(deps({ model: predicting('unknown', 0.99) }), 'weather').decision).toMatchObject({ reason: 'unknown_intent' });
  });

  it('escalates below the threshold, and at once when the customer asks for a person', () => {
    expect(analyzeTicket(deps({ model: predicting('login_issue', 0.5) }), 'password').decision).toMatchObject({ reason: 'low_confidence', threshold: 0.75 });
    expect(analyzeTicket(deps(), 'I forgot my password, can I talk to a human?').decision).toMatchObject({ reason: 'customer_requested_human' });
  });
});
