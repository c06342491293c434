import { describe, expect, it } from 'vitest';
import type { IntentPrediction, ReplyWriter } from '../../src/domain/ports/triage.js';
import type { SolutionMatch } from '../../src/domain/ports/learning.js';
import { parseIntentPack } from '../../src/intents/intent-pack.js';
import { answerClass, textKey } from '../../src/replies/answer-key.js';
import { composeReply, REUSE_PREFACE } from '../../src/replies/compose-reply.js';
import { gatherCandidates } from '../../src/replies/reply-candidates.js';
import { keywordMatches } from '../../src/replies/template-keywords.js';

const examples = Array.from({ length: 10 }, (_, i) => `billing example ${i}`);
const pack = parseIntentPack(
  {
    version: 1,
    intents: [
      {
        name: 'payment_issue',
        examples,
        templates: [
          {
            id: 'payment_issue.pricing',
            keywords: ['price', 'plan'],
            text: 'Hi {{customer_name}}, our plans for {{product_name}} are on the pricing page.',
          },
          {
            id: 'payment_issue.double_charge',
            keywords: ['twice', 'double', 'charged'],
            text: 'Double charges are refunded within 5 days.',
          },
          { id: 'payment_issue.refund', keywords: ['refund', 'money-back'], text: 'Refunds go back to the original card.' },
        ],
      },
      {
        name: 'login_issue',
        examples: examples.map((e) => `login ${e}`),
        templates: [{ id: 'login_issue.reset', keywords: ['password'], text: 'Reset it.' }],
      },
    ],
  },
  'test',
);
const intents = new Map(pack.intents.map((i) => [i.name, i]));
const payment = intents.get('payment_issue')!;
const sure: IntentPrediction = {
  intent: 'payment_issue',
  confidence: 0.9,
  top: [
    { intent: 'payment_issue', probability: 0.9 },
    { intent: 'login_issue', probability: 0.05 },
  ],
};

const neighbour = (id: number, score: number, response: string, intent: string | null = null): SolutionMatch => {
  const ticketId = `00000000-0000-4000-8000-00000000000${id}`;
  return { ticketId, score, solution: { ticketId, message: `old message ${id}`, response, intent } };
};
const gather = (message: string, neighbours: SolutionMatch[] = [], prediction: IntentPrediction | null = sure) =>
  gatherCandidates({ prediction, neighbours, intents, message, placeholders: { customer_name: 'Ada', product_name: 'Acme' } });

describe('template candidates', () => {
  it('counts the template keywords a message has, by stem ("charged" matches "charge", a hyphenated keyword needs every word)', () => {
    expect(keywordMatches(payment.templates[1]!, 'I was charged twice this month')).toBe(2);
    expect(keywordMatches(payment.templates[2]!, 'is there a money back guarantee')).toBe(1);
    expect(keywordMatches(payment.templates[2]!, 'where did my money go')).toBe(0);
  });

  it('offers only templates that something in the message points at: never an intent’s first template by default', () => {
    expect(gather('I was charged twice').map((c) => c.sourceId)).toEqual(['payment_issue.double_charge']);
    expect(gather('when will my order arrive?')).toEqual([]);
  });

  it('fills the template for this customer and keys its track record by template id', () => {
    const [pricing] = gather('what is the price of the plan');
    expect(pricing).toMatchObject({
      kind: 'template',
      answerKey: 'template:payment_issue.pricing',
      intent: 'payment_issue',
      text: 'Hi Ada, our plans for Acme are on the pricing page.',
    });
    expect(pricing!.textKey).toBe(textKey('Hi Ada, our plans for Acme are on the pricing page.'));
    expect(pricing!.features).toEqual({
      intentProbability: 0.9,
      intentMargin: 0.85,
      familiarity: 1,
      keywordMatch: 0.6667,
      keywordBehind: 0,
    });
  });

  it('marks a template that a sibling fits better', () => {
    const byId = new Map(gather('I was charged twice for the plan').map((c) => [c.sourceId, c.features]));
    expect(byId.get('payment_issue.double_charge')).toMatchObject({ keywordMatch: 0.6667, keywordBehind: 0 });
    expect(byId.get('payment_issue.pricing')).toMatchObject({ keywordMatch: 0.3333, keywordBehind: 0.3333 });
  });

  it('offers no template without a classification', () => {
    expect(gather('I was charged twice', [], null)).toEqual([]);
  });
});

describe('solution candidates', () => {
  it('groups the nearest tickets by answer: agreeing neighbours support it, a different answer competes', () => {
    const candidates = gather('card arrived broken', [
      neighbour(1, 0.8, 'Order a replacement in the app.'),
      neighbour(2, 0.7, 'order a replacement in the app'),
      neighbour(3, 0.6, 'Call the card team.'),
      neighbour(4, 0.3, 'Too far away to vote.'),
    ]);
    const [replacement, call] = candidates;
    expect(candidates).toHaveLength(2);
    expect(replacement).toMatchObject({
      kind: 'solution',
      sourceId: neighbour(1, 0, '').ticketId,
      text: 'Order a replacement in the app.',
    });
    expect(replacement!.features).toMatchObject({ similarity: 0.8, margin: 0.2, neighbours: 0.4, hasIntent: 0 });
    expect(replacement!.features.share).toBeCloseTo((0.64 + 0.49) / (0.64 + 0.49 + 0.36), 4);
    expect(call!.features).toMatchObject({ similarity: 0.6, margin: -0.2 });
  });

  it('offers an answer the classifier recognises even when no near ticket got it, with no similarity evidence', () => {
    const learnt = neighbour(7, 0, 'Freeze the card in the app, then order a new one.');
    const recognising: IntentPrediction = {
      intent: answerClass(learnt.solution.response),
      confidence: 0.8,
      top: [
        { intent: answerClass(learnt.solution.response), probability: 0.8 },
        { intent: 'payment_issue', probability: 0.1 },
      ],
    };
    const candidates = gatherCandidates({
      prediction: recognising,
      neighbours: [neighbour(1, 0.5, 'Call the card team.')],
      solutionWithAnswer: (key) => (key === textKey(learnt.solution.response) ? learnt.solution : undefined),
      intents,
      message: 'my card was stolen',
      placeholders: {},
    });
    const recognised = candidates.find((c) => c.sourceId === learnt.ticketId);
    expect(recognised).toMatchObject({ kind: 'solution', text: 'Freeze the card in the app, then order a new one.' });
    expect(recognised!.features).toMatchObject({
      similarity: 0,
      share: 0,
      margin: -0.5,
      neighbours: 0,
      answerProbability: 0.8,
      answerMargin: 0.7,
    });
  });

  it('reads the classifier’s agreement with the answer’s own intent, when an agent gave one', () => {
    const [c] = gather('refund please', [neighbour(1, 0.9, 'Refunds take 5 days.', 'payment_issue')]);
    expect(c!.features).toMatchObject({ hasIntent: 1, intentAgreement: 0.9 });
  });
});

describe('composeReply', () => {
  it('sends a template as filled, and introduces a reused answer once, in front of the person’s own words', async () => {
    expect(
      await composeReply({ candidate: { kind: 'template', text: 'Reset it.' }, message: 'm', intent: 'login_issue', writer: undefined }),
    ).toEqual({
      text: 'Reset it.',
      source: 'TEMPLATE',
      llmError: null,
    });
    const reused = await composeReply({
      candidate: { kind: 'solution', text: 'Use the portal.' },
      message: 'm',
      intent: null,
      writer: undefined,
    });
    expect(reused).toEqual({ text: `${REUSE_PREFACE}\n\nUse the portal.`, source: 'SIMILAR_TICKET', llmError: null });
  });

  it('lets the LLM word the reply from the candidate’s own words, without the preface', async () => {
    const requests: unknown[] = [];
    const writer: ReplyWriter = {
      async write(request) {
        requests.push(request);
        return '  Hello Ada! Here is what to do.  ';
      },
    };
    const reply = await composeReply({
      candidate: { kind: 'solution', text: 'Use the portal.' },
      message: 'my bill',
      intent: null,
      writer,
    });
    expect(reply).toEqual({ text: 'Hello Ada! Here is what to do.', source: 'LLM', llmError: null });
    expect(requests).toEqual([{ customerMessage: 'my bill', basis: 'Use the portal.', basisKind: 'similar_ticket', intent: 'none' }]);
  });

  it('sends the candidate as written when the LLM fails, with the reason, and never an empty LLM reply', async () => {
    const failing: ReplyWriter = { write: () => Promise.reject(Object.assign(new Error('breaker open'), { reason: 'breaker_open' })) };
    expect(await composeReply({ candidate: { kind: 'template', text: 'Reset it.' }, message: 'm', intent: 'x', writer: failing })).toEqual({
      text: 'Reset it.',
      source: 'TEMPLATE',
      llmError: 'breaker_open',
    });
    const odd: ReplyWriter = { write: () => Promise.reject(null) };
    expect(
      await composeReply({ candidate: { kind: 'template', text: 'Reset it.' }, message: 'm', intent: 'x', writer: odd }),
    ).toMatchObject({ llmError: 'error' });
    const empty: ReplyWriter = { write: async () => '   ' };
    expect(
      await composeReply({ candidate: { kind: 'template', text: 'Reset it.' }, message: 'm', intent: 'x', writer: empty }),
    ).toMatchObject({ llmError: 'empty_output' });
  });
});
