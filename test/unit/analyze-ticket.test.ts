import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER_MODEL, type CandidateKind } from '../../src/domain/answer-confidence.js';
import type { IntentModel, IntentPrediction } from '../../src/domain/ports/triage.js';
import type { SolutionIndex, SolutionMatch, TrackRecord, TrackRecords } from '../../src/domain/ports/learning.js';
import { parseIntentPack } from '../../src/intents/intent-pack.js';
import { analyzeTicket, type AnalysisDeps } from '../../src/pipeline/triage/analyze-ticket.js';
import { passageAnswerKey, templateAnswerKey } from '../../src/replies/answer-key.js';
import type { PassageCandidate, PassageLibrary, StoredPassage } from '../../src/domain/ports/knowledge.js';

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

const modelSaying = (prediction: IntentPrediction): IntentModel => ({
  version: `test-${prediction.intent}-${prediction.confidence}`,
  predict: () => prediction,
});
const predicting = (intent: string, confidence: number): IntentModel =>
  modelSaying({ intent, confidence, top: [{ intent, probability: confidence }] });

const NONE: TrackRecord = { helpful: 0, notHelpful: 0 };
const records = (
  entries: Record<string, TrackRecord> = {},
  kinds: Record<CandidateKind, TrackRecord> = { solution: NONE, template: NONE, passage: NONE },
): TrackRecords => ({
  read: async () => new Map(Object.entries(entries)),
  readKinds: async () => kinds,
});

function indexWith(matches: SolutionMatch[]): SolutionIndex {
  return {
    size: matches.length,
    search: (_text, limit) => matches.slice(0, limit),
    upsert: () => undefined,
    remove: () => false,
    withAnswer: () => undefined,
  };
}
const emptyIndex = indexWith([]);
const solution = (score: number, intent: string | null = null): SolutionMatch => ({
  ticketId: 'a0000000-0000-4000-8000-000000000000',
  score,
  solution: { ticketId: 'a0000000-0000-4000-8000-000000000000', message: 'old', response: 'Try the reset link.', intent },
});

const deps = (overrides: Partial<AnalysisDeps> = {}): AnalysisDeps => ({
  model: predicting('login_issue', 0.97),
  solutions: emptyIndex,
  intents,
  trackRecords: records(),
  answerModel: DEFAULT_ANSWER_MODEL,
  settings: { autoResolveThreshold: 0.9, urgentThreshold: 0.8, urgentPolicy: 'escalate' },
  ...overrides,
});

describe('analyzeTicket', () => {
  it('answers from a template the message points at when the intent is clear, with every candidate weighed', async () => {
    const analysis = await analyzeTicket(deps(), 'I forgot my password');
    expect(analysis.decision).toMatchObject({
      kind: 'auto_resolve',
      intent: 'login_issue',
      confidence: 0.97,
      threshold: 0.9,
      candidate: 0,
    });
    expect(analysis.chosen).toMatchObject({
      kind: 'template',
      sourceId: 'login_issue.reset',
      text: 'Reset your password from the sign-in page.',
    });
    expect(analysis.failures).toEqual([]);
  });

  it('escalates a clear intent with no template that fits the message as no_reply_available, suggesting nothing', async () => {
    const analysis = await analyzeTicket(deps(), 'my login page is blue');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'no_reply_available', intent: 'login_issue' });
    expect(analysis.chosen).toBeNull();
  });

  it('stops sending a template whose answers were rated not helpful', async () => {
    const failing = records({ [templateAnswerKey('login_issue.reset')]: { helpful: 0, notHelpful: 3 } });
    const analysis = await analyzeTicket(deps({ trackRecords: failing }), 'I forgot my password');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'low_confidence' });
    expect(analysis.chosen?.features.trackRecord).toBeLessThan(0);
  });

  it('stops sending a fresh template once templates have mostly failed here lately, and gives none credit when they do well', async () => {
    const templatesFailing = records({}, { solution: NONE, template: { helpful: 1, notHelpful: 6 }, passage: NONE });
    const analysis = await analyzeTicket(deps({ trackRecords: templatesFailing }), 'I forgot my password');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'low_confidence' });
    expect(analysis.chosen?.features.trackRecord).toBeLessThan(0);

    const templatesDoingWell = records({}, { solution: NONE, template: { helpful: 50, notHelpful: 1 }, passage: NONE });
    const trusted = await analyzeTicket(deps({ trackRecords: templatesDoingWell }), 'I forgot my password');
    expect(trusted.decision).toMatchObject({ kind: 'auto_resolve' });
    expect(trusted.chosen?.features.trackRecord).toBe(0);
  });

  it('reuses a near-identical resolved ticket’s answer while the classifier is unsure, and suggests a weaker one without sending it', async () => {
    const unsure = predicting('login_issue', 0.3);
    const reuse = await analyzeTicket(deps({ model: unsure, solutions: indexWith([solution(0.97)]) }), 'my reset link is broken');
    expect(reuse.decision).toMatchObject({ kind: 'auto_resolve', confidence: 0.3 });
    expect(reuse.chosen).toMatchObject({ kind: 'solution', text: 'Try the reset link.' });
    const weak = await analyzeTicket(deps({ model: unsure, solutions: indexWith([solution(0.6)]) }), 'my reset link is broken');
    expect(weak.decision).toMatchObject({ kind: 'escalate', reason: 'low_confidence' });
    expect(weak.chosen).toMatchObject({ kind: 'solution' });
  });

  it('sends a person the ticket when the track record cannot be read, rather than a candidate that may keep failing', async () => {
    const down: TrackRecords = {
      read: () => Promise.reject(new Error('database down')),
      readKinds: () => Promise.reject(new Error('database down')),
    };
    const analysis = await analyzeTicket(deps({ trackRecords: down }), 'I forgot my password');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'pipeline_error' });
    expect(analysis.failures).toEqual([{ step: 'track_record', error: 'database down' }]);
  });

  it('escalates with classifier_error when the classifier throws, and records the failure', async () => {
    const broken: IntentModel = {
      version: 'x',
      predict: () => {
        throw new Error('model exploded');
      },
    };
    const analysis = await analyzeTicket(deps({ model: broken }), 'I forgot my password');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'classifier_error' });
    expect(analysis.failures).toEqual([{ step: 'classify', error: 'model exploded' }]);
  });

  it('still decides when the similar-ticket index throws, from the template', async () => {
    const broken: SolutionIndex = {
      ...emptyIndex,
      search: () => {
        throw new Error('index down');
      },
    };
    const analysis = await analyzeTicket(deps({ solutions: broken }), 'I forgot my password');
    expect(analysis.decision.kind).toBe('auto_resolve');
    expect(analysis.failures).toEqual([{ step: 'similar', error: 'index down' }]);
  });

  it.each([NaN, -0.1, 1.5, Infinity])('escalates a confidence of %s as invalid_confidence', async (confidence) => {
    expect((await analyzeTicket(deps({ model: predicting('login_issue', confidence) }), 'x')).decision).toMatchObject({
      reason: 'invalid_confidence',
    });
  });

  it('escalates an intent the pack forbids auto-resolving, and an out-of-scope message with nothing to reuse', async () => {
    expect((await analyzeTicket(deps({ model: predicting('payment_issue', 0.99) }), 'refund')).decision).toMatchObject({
      reason: 'intent_requires_human',
    });
    expect((await analyzeTicket(deps({ model: predicting('unknown', 0.99) }), 'weather')).decision).toMatchObject({
      reason: 'unknown_intent',
    });
  });

  it('sends an urgent ticket to a person under the escalate policy, and answers it under answer_and_alert', async () => {
    expect((await analyzeTicket(deps(), 'I forgot my password', 0.85)).decision).toMatchObject({
      kind: 'escalate',
      reason: 'urgent',
      intent: 'login_issue',
    });
    expect((await analyzeTicket(deps(), 'I forgot my password', 0.79)).decision.kind).toBe('auto_resolve');
    const answering = deps({ settings: { autoResolveThreshold: 0.9, urgentThreshold: 0.8, urgentPolicy: 'answer_and_alert' } });
    expect((await analyzeTicket(answering, 'I forgot my password', 0.95)).decision.kind).toBe('auto_resolve');
  });

  it('escalates at once when the customer asks for a person', async () => {
    expect((await analyzeTicket(deps(), 'I forgot my password, can I talk to a human?')).decision).toMatchObject({
      reason: 'customer_requested_human',
    });
  });
});

describe('analyzeTicket with the deployer’s docs', () => {
  const section = (id: string, text: string, pageUrl = 'https://help.example.com/billing'): StoredPassage => ({
    id,
    sourceId: 's1',
    pageUrl,
    pageTitle: 'Billing',
    headingPath: ['Refunds'],
    anchor: 'refunds',
    text,
    hash: `hash-${id}`,
    position: 0,
  });
  const REFUNDS = section('p1', 'A refund goes back to the card you paid with within five business days.');
  const library = (...found: PassageCandidate[]): PassageLibrary => ({
    size: found.length,
    search: async (_m, limit) => found.slice(0, limit),
  });
  const unsure = predicting('unknown', 0.4);

  it('answers from a section that clearly wins, in the docs’ own words with the link to it', async () => {
    const analysis = await analyzeTicket(
      deps({ model: unsure, passages: library({ passage: REFUNDS, evidence: { margin: 0.9, coverage: 1, scorePerTerm: 1.6 } }) }),
      'when will my refund arrive',
    );
    expect(analysis.decision).toMatchObject({ kind: 'auto_resolve', candidate: 0 });
    expect(analysis.chosen).toMatchObject({ kind: 'passage', sourceId: 'p1', answerKey: passageAnswerKey('hash-p1') });
    expect(analysis.chosen?.text).toContain('within five business days');
    expect(analysis.chosen?.text).toContain('https://help.example.com/billing#refunds');
  });

  it('escalates when two pages are about as good, with the best section as the suggestion', async () => {
    const other = section('p2', 'Refunds for annual plans are prorated.', 'https://help.example.com/plans');
    const analysis = await analyzeTicket(
      deps({
        model: unsure,
        passages: library(
          { passage: REFUNDS, evidence: { margin: 0.05, coverage: 0.8, scorePerTerm: 1.2 } },
          { passage: other, evidence: { margin: -0.05, coverage: 0.8, scorePerTerm: 1.1 } },
        ),
      }),
      'refund question',
    );
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'low_confidence' });
    expect(analysis.chosen).toMatchObject({ kind: 'passage', sourceId: 'p1' });
    expect(analysis.candidates.map((c) => c.sourceId)).toEqual(['p1', 'p2']);
  });

  it('keeps a clear section after one "not helpful", and stops sending it after two', async () => {
    const clear = library({ passage: REFUNDS, evidence: { margin: 0.9, coverage: 1, scorePerTerm: 1.6 } });
    const once = records({ [passageAnswerKey('hash-p1')]: { helpful: 0, notHelpful: 1 } });
    expect(
      (await analyzeTicket(deps({ model: unsure, passages: clear, trackRecords: once }), 'when will my refund arrive')).decision,
    ).toMatchObject({
      kind: 'auto_resolve',
    });
    const rated = records({ [passageAnswerKey('hash-p1')]: { helpful: 0, notHelpful: 2 } });
    const analysis = await analyzeTicket(deps({ model: unsure, passages: clear, trackRecords: rated }), 'when will my refund arrive');
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'low_confidence' });
  });

  it('still decides on the other candidates when the docs cannot be searched, and says so', async () => {
    const broken: PassageLibrary = {
      size: 1,
      search: async () => {
        throw new Error('index unavailable');
      },
    };
    const analysis = await analyzeTicket(deps({ passages: broken }), 'I forgot my password');
    expect(analysis.decision).toMatchObject({ kind: 'auto_resolve' });
    expect(analysis.chosen).toMatchObject({ kind: 'template' });
    expect(analysis.failures).toEqual([{ step: 'passages', error: 'index unavailable' }]);
  });

  it('records how likely the message is of the intent the classifier gives the section', async () => {
    const clear = library({ passage: REFUNDS, evidence: { margin: 0.9, coverage: 1, scorePerTerm: 1.6 } });
    const sameIntent = await analyzeTicket(deps({ model: predicting('login_issue', 0.8), passages: clear }), 'refund please');
    expect(sameIntent.candidates.find((c) => c.kind === 'passage')?.features.intentAgreement).toBe(0.8);
    const noIntent = await analyzeTicket(deps({ model: unsure, passages: clear }), 'refund please');
    expect(noIntent.candidates.find((c) => c.kind === 'passage')?.features.intentAgreement).toBe(0);
  });

  it('never answers from the docs what the classified intent sends to a person', async () => {
    const analysis = await analyzeTicket(
      deps({
        model: predicting('payment_issue', 0.95),
        passages: library({ passage: REFUNDS, evidence: { margin: 0.9, coverage: 1, scorePerTerm: 1.6 } }),
      }),
      'I want a refund',
    );
    expect(analysis.decision).toMatchObject({ kind: 'escalate', reason: 'intent_requires_human' });
  });
});
