import { describe, expect, it } from 'vitest';
import type { StoredPassage } from '../../src/domain/ports/knowledge.js';
import type { GroundedAnswerRequest, ReplyWriter } from '../../src/domain/ports/triage.js';
import { composeReply, sourcePassages } from '../../src/replies/compose-reply.js';
import { passageAnswer } from '../../src/replies/passage-answer.js';

const passage = (id: string, overrides: Partial<StoredPassage> = {}): StoredPassage => ({
  id,
  sourceId: 's1',
  pageUrl: 'https://help.example.com/billing',
  pageTitle: 'Billing',
  headingPath: ['Refunds'],
  anchor: 'refunds',
  text: 'Refunds are issued to the original payment method within 5 business days of approval.',
  hash: `hash-${id}`,
  position: 0,
  ...overrides,
});
const REFUNDS = passage('p1');
const INVOICES = passage('p2', {
  pageUrl: 'file:///srv/docs/invoices.md',
  pageTitle: 'Invoices',
  headingPath: [],
  anchor: null,
  text: 'Download every invoice as a PDF from Settings.',
});
const candidate = { kind: 'passage' as const, text: passageAnswer(REFUNDS) };
const MESSAGE = 'when does my refund arrive?';

/** A writer answering passages with `answer` (or failing), recording what it was asked. */
function writer(answer: string | Error): ReplyWriter & { asked: GroundedAnswerRequest[] } {
  const asked: GroundedAnswerRequest[] = [];
  return {
    asked,
    write: () => Promise.reject(new Error('not for passages')),
    answerFromPassages(request) {
      asked.push(request);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const compose = (w: ReplyWriter | undefined, passages = { chosen: REFUNDS, others: [REFUNDS, INVOICES] }) =>
  composeReply({ ticketId: 't1', candidate, message: MESSAGE, intent: null, writer: w, passages });

describe('an answer from the docs with an LLM', () => {
  it('gives the writer the chosen passage as [1] and the others after it, each once, with title and link', () => {
    expect(sourcePassages({ chosen: REFUNDS, others: [INVOICES, REFUNDS] })).toEqual([
      { id: 1, title: 'Billing › Refunds', link: 'https://help.example.com/billing#refunds', text: REFUNDS.text },
      { id: 2, title: 'Invoices', link: null, text: INVOICES.text },
    ]);
  });

  it('sends a grounded answer with its sources, as the LLM’s', async () => {
    const w = writer('Your refund goes back to the original payment method within 5 business days of approval [1].');
    expect(await compose(w)).toEqual({
      text:
        'Your refund goes back to the original payment method within 5 business days of approval [1].\n\n' +
        'Sources:\n[1] “Billing › Refunds”: https://help.example.com/billing#refunds',
      source: 'LLM',
      llmError: null,
    });
    expect(w.asked).toEqual([
      { ticketId: 't1', customerMessage: MESSAGE, passages: sourcePassages({ chosen: REFUNDS, others: [INVOICES] }) },
    ]);
  });

  it('withholds an ungrounded answer and sends the passage in the docs’ own words, recording why', async () => {
    const w = writer('Refunds arrive within 5 business days [1]. Express refunds arrive the same day for premium members [1].');
    expect(await compose(w)).toEqual({ text: candidate.text, source: 'KNOWLEDGE', llmError: 'ungrounded' });
  });

  it('sends the passage in the docs’ own words when the LLM fails or says nothing', async () => {
    const timeout = Object.assign(new Error('LLM reply unavailable: timeout'), { reason: 'timeout' });
    expect(await compose(writer(timeout))).toEqual({ text: candidate.text, source: 'KNOWLEDGE', llmError: 'timeout' });
    expect(await compose(writer('  '))).toEqual({ text: candidate.text, source: 'KNOWLEDGE', llmError: 'empty_output' });
  });

  it('never asks a writer that cannot answer from passages, nor without the passages, and never rewords a passage', async () => {
    const wordsOnly: ReplyWriter = { write: () => Promise.reject(new Error('a passage must not be reworded')) };
    expect(await compose(wordsOnly)).toEqual({ text: candidate.text, source: 'KNOWLEDGE', llmError: null });
    const w = writer('Refunds take 5 business days [1].');
    expect(await composeReply({ candidate, message: MESSAGE, intent: null, writer: w })).toEqual({
      text: candidate.text,
      source: 'KNOWLEDGE',
      llmError: null,
    });
    expect(w.asked).toEqual([]);
  });
});
