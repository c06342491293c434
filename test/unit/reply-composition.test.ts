import { describe, expect, it } from 'vitest';
import type { ReplyWriter, SolutionMatch } from '../../src/domain/pipeline-ports.js';
import { parseIntentPack, type IntentDefinition } from '../../src/intents/intent-pack.js';
import { chooseTemplate } from '../../src/replies/choose-template.js';
import { composeReply } from '../../src/replies/compose-reply.js';
import { chooseReplyBasis, REUSE_PREFACE } from '../../src/replies/reply-basis.js';

const examples = Array.from({ length: 10 }, (_, i) => `billing example ${i}`);
const pack = parseIntentPack(
  {
    version: 1,
    intents: [
      {
        name: 'payment_issue',
        examples,
        templates: [
          { id: 'payment_issue.general', keywords: [], text: 'Hi {{customer_name}}, we are looking at your payment for {{product_name}}.' },
          { id: 'payment_issue.double_charge', keywords: ['twice', 'double', 'charged'], text: 'Double charges are refunded within 5 days.' },
          { id: 'payment_issue.refund', keywords: ['refund', 'money-back'], text: 'Refunds go back to the original card.' },
        ],
      },
      { name: 'login_issue', examples: examples.map((e) => `login ${e}`), templates: [{ id: 'login_issue.reset', keywords: ['password'], text: 'Reset it.' }] },
    ],
  },
  'test',
);
const payment = pack.intents[0] as IntentDefinition;

const match = (intent: string | null, score = 0.9): SolutionMatch => ({
  ticketId: '00000000-0000-4000-8000-000000000001',
  score,
  solution: { ticketId: '00000000-0000-4000-8000-000000000001', message: 'old message', response: '  Use the billing portal.  ', intent },
});

describe('chooseTemplate', () => {
  it('picks the template sharing the most keywords with the message, comparing stems', () => {
    expect(chooseTemplate(payment.templates, 'I was charged twice this month')?.template.id).toBe('payment_issue.double_charge');
    expect(chooseTemplate(payment.templates, 'I want a refund please')?.template.id).toBe('payment_issue.refund');
  });

  it('matches a hyphenated keyword only when all its words appear', () => {
    expect(chooseTemplate(payment.templates, 'is there a money back guarantee')?.template.id).toBe('payment_issue.refund');
    expect(chooseTemplate(payment.templates, 'where did my money go')?.template.id).toBe('payment_issue.general');
  });

  it('falls back to the first template when no keyword matches, deterministically', () => {
    const first = chooseTemplate(payment.templates, 'something about my bill');
    expect(first).toMatchObject({ template: { id: 'payment_issue.general' }, matchedKeywords: 0 });
    expect(chooseTemplate(payment.templates, 'something about my bill')).toEqual(first);
  });

  it('returns null without templates', () => {
    expect(chooseTemplate([], 'anything')).toBeNull();
  });
});

describe('chooseReplyBasis', () => {
  it('prefers a similar resolved ticket of the same intent, saying where the answer comes from', () => {
    const basis = chooseReplyBasis({ message: 'charged twice', intent: payment, match: match('payment_issue') });
    expect(basis).toEqual({
      kind: 'similar_ticket',
      text: `${REUSE_PREFACE}\n\nUse the billing portal.`,
      matchedTicketId: '00000000-0000-4000-8000-000000000001',
      similarity: 0.9,
    });
  });

  it('reuses a solution recorded without an intent', () => {
    expect(chooseReplyBasis({ message: 'charged twice', intent: payment, match: match(null) })?.kind).toBe('similar_ticket');
  });

  it('does not reuse a solution of another intent: the template answers instead', () => {
    const basis = chooseReplyBasis({ message: 'charged twice', intent: payment, match: match('login_issue') });
    expect(basis).toMatchObject({ kind: 'template', templateId: 'payment_issue.double_charge' });
  });

  it('has nothing for a message without a known intent, even with a similar ticket', () => {
    expect(chooseReplyBasis({ message: 'charged twice', intent: undefined, match: match(null) })).toBeNull();
  });
});

describe('composeReply', () => {
  const templateBasis = { kind: 'template' as const, text: 'Hi {{customer_name}}, about {{product_name}} (ticket {{ticket_number}}).', templateId: 't', matchedKeywords: 0 };
  const placeholders = { customer_name: 'Ada', product_name: 'Acme', ticket_number: '42' };

  it('fills the template’s placeholders when no LLM is configured', async () => {
    expect(await composeReply({ basis: templateBasis, message: 'm', intent: 'payment_issue', placeholders, writer: undefined })).toEqual({
      text: 'Hi Ada, about Acme (ticket 42).',
      source: 'TEMPLATE',
      llmError: null,
    });
  });

  it('drops a placeholder without a value instead of leaving braces', async () => {
    const reply = await composeReply({ basis: templateBasis, message: 'm', intent: 'payment_issue', placeholders: { product_name: 'Acme', ticket_number: '7' }, writer: undefined });
    expect(reply.text).toBe('Hi, about Acme (ticket 7).');
  });

  it('lets the LLM word the reply from the filled basis and the customer’s message', async () => {
    const requests: unknown[] = [];
    const writer: ReplyWriter = {
      async write(request) {
        requests.push(request);
        return '  Hello Ada! Here is what to do.  ';
      },
    };
    const reply = await composeReply({ basis: templateBasis, message: 'my bill', intent: 'payment_issue', placeholders, writer });
    expect(reply).toEqual({ text: 'Hello Ada! Here is what to do.', source: 'LLM', llmError: null });
    expect(requests).toEqual([{ customerMessage: 'my bill', basis: 'Hi Ada, about Acme (ticket 42).', basisKind: 'template', intent: 'payment_issue' }]);
  });

  it('sends the basis as written when the LLM fails, with the reason', async () => {
    const writer: ReplyWriter = {
      write: () => Promise.reject(Object.assign(new Error('breaker open'), { reason: 'breaker_open' })),
    };
    const reuse = { kind: 'similar_ticket' as const, text: 'Use the portal.', matchedTicketId: 'x', similarity: 0.8 };
    expect(await composeReply({ basis: reuse, message: 'm', intent: 'payment_issue', placeholders, writer })).toEqual({
      text: 'Use the portal.',
      source: 'SIMILAR_TICKET',
      llmError: 'breaker_open',
    });
  });

  it('falls back even when the writer rejects with something that is not an error', async () => {
    const writer: ReplyWriter = { write: () => Promise.reject(null) };
    expect(await composeReply({ basis: templateBasis, message: 'm', intent: 'payment_issue', placeholders, writer })).toMatchObject({
      source: 'TEMPLATE',
      llmError: 'error',
    });
  });

  it('never sends an empty LLM reply', async () => {
    const writer: ReplyWriter = { write: async () => '   ' };
    expect(await composeReply({ basis: templateBasis, message: 'm', intent: 'payment_issue', placeholders, writer })).toMatchObject({
      source: 'TEMPLATE',
      llmError: 'empty_output',
    });
  });
});
