import { describe, expect, it } from 'vitest';
import type { SourcePassage } from '../../src/domain/ports/triage.js';
import { renderCitations } from '../../src/replies/cite-sources.js';
import { checkGroundedness, MIN_SUPPORT, splitSentences } from '../../src/replies/groundedness.js';

const REFUNDS: SourcePassage = {
  id: 1,
  title: 'Billing › Refunds',
  link: 'https://help.example.com/billing#refunds',
  text:
    'Refunds are issued to the original payment method within 5 business days of approval. ' +
    'You can request a refund from the Orders page within 30 days of purchase. Gift cards are not refundable.',
};
const EXPORT: SourcePassage = {
  id: 2,
  title: 'Billing › Invoices',
  link: null,
  text: 'Download every invoice as a PDF from Settings › Billing › Invoices. Write to billing@example.com for a copy in another currency.',
};
const PASSAGES = [REFUNDS, EXPORT];

describe('splitting an answer into sentences', () => {
  it('cuts after sentence ends and the citations that follow them, and at line breaks, dropping list markers', () => {
    expect(splitSentences('Refunds take 5 business days [1]. Request one from Orders. [1]\n- Gift cards are not refundable [1]!')).toEqual([
      'Refunds take 5 business days [1].',
      'Request one from Orders. [1]',
      'Gift cards are not refundable [1]!',
    ]);
  });

  it('does not cut after an abbreviation or inside a number', () => {
    expect(splitSentences('Use a card, e.g. a debit card, within 3.5 days [1].')).toEqual([
      'Use a card, e.g. a debit card, within 3.5 days [1].',
    ]);
  });
});

describe('the groundedness check', () => {
  it('passes an answer whose every sentence says what the passages it cites say', () => {
    const answer =
      'You can request a refund from the Orders page within 30 days of purchase [1]. ' +
      'It is issued to your original payment method within 5 business days of approval [1]. ' +
      'Invoices can be downloaded as PDFs from Settings › Billing › Invoices [2].';
    const result = checkGroundedness(answer, PASSAGES);
    expect(result).toMatchObject({ isGrounded: true });
    expect(result.isGrounded && result.sentences.map((s) => s.citations)).toEqual([[1], [1], [2]]);
    expect(result.isGrounded && result.sentences.every((s) => s.support >= MIN_SUPPORT)).toBe(true);
  });

  it('does not count the pieces of contractions as words of the answer’s own', () => {
    expect(checkGroundedness('You’ll download invoices [2].', PASSAGES)).toMatchObject({
      isGrounded: true,
    });
  });

  it('accepts a sentence citing several passages, supported by them together', () => {
    expect(checkGroundedness('Refunds and invoices are handled from Orders and Settings › Billing [1, 2].', PASSAGES)).toMatchObject({
      isGrounded: true,
    });
  });

  it('fails an invented sentence, even when it cites a passage', () => {
    const answer = 'Refunds are issued within 5 business days [1]. We also offer free express shipping on every order [1].';
    expect(checkGroundedness(answer, PASSAGES)).toEqual({
      isGrounded: false,
      reason: 'unsupported_words',
      sentence: 'We also offer free express shipping on every order [1].',
    });
  });

  it('fails a sentence that cites nothing, and an answer with no citation at all', () => {
    expect(checkGroundedness('Refunds are issued within 5 business days [1]. Hope this helps!', PASSAGES)).toMatchObject({
      isGrounded: false,
      reason: 'no_citation',
      sentence: 'Hope this helps!',
    });
    expect(checkGroundedness('Refunds are issued within 5 business days.', PASSAGES)).toMatchObject({ reason: 'no_citation' });
    expect(checkGroundedness('  \n ', PASSAGES)).toEqual({ isGrounded: false, reason: 'no_sentences', sentence: null });
  });

  it('fails a citation of a passage it was not given', () => {
    expect(checkGroundedness('Refunds are issued within 5 business days [3].', PASSAGES)).toMatchObject({
      isGrounded: false,
      reason: 'unknown_citation',
    });
    expect(checkGroundedness('Refunds are issued within 5 business days [1, 7].', PASSAGES)).toMatchObject({ reason: 'unknown_citation' });
  });

  it('fails a sentence that cites the wrong passage for what it says', () => {
    expect(checkGroundedness('Download every invoice as a PDF from Settings [1].', PASSAGES)).toMatchObject({
      isGrounded: false,
      reason: 'unsupported_words',
    });
  });

  it('requires every number to appear verbatim in the cited passages', () => {
    expect(checkGroundedness('Refunds are issued within 5 business days of approval [1].', PASSAGES)).toMatchObject({ isGrounded: true });
    expect(checkGroundedness('Refunds are issued within 7 business days of approval [1].', PASSAGES)).toMatchObject({
      isGrounded: false,
      reason: 'unsupported_number',
    });
    // Right number, but from a passage the sentence does not cite.
    expect(checkGroundedness('Request a refund within 30 days of purchase [2].', PASSAGES)).toMatchObject({ reason: 'unsupported_number' });
  });

  it('requires links and e-mail addresses to be in the cited passages', () => {
    expect(checkGroundedness('Write to billing@example.com for a copy in another currency [2].', PASSAGES)).toMatchObject({
      isGrounded: true,
    });
    expect(checkGroundedness('Write to refunds@example.com for a copy in another currency [2].', PASSAGES)).toMatchObject({
      reason: 'unsupported_link',
    });
    expect(checkGroundedness('Request a refund at https://evil.example.net/orders within 30 days [1].', PASSAGES)).toMatchObject({
      reason: 'unsupported_link',
    });
  });

  it('fails a negation the cited passages do not have', () => {
    expect(checkGroundedness('Gift cards are not refundable [1].', PASSAGES)).toMatchObject({ isGrounded: true });
    expect(checkGroundedness('Invoices can’t be downloaded as PDFs from Settings › Billing [2].', PASSAGES)).toMatchObject({
      reason: 'unsupported_negation',
    });
  });
});

describe('rendering the citations', () => {
  it('renumbers them in order of appearance and lists the cited passages with their links, a server file by title only', () => {
    const answer = 'Invoices are PDFs in Settings › Billing › Invoices [2]. Refunds take 5 business days [1]. Both are in Billing [1, 2].';
    expect(renderCitations(answer, PASSAGES)).toBe(
      'Invoices are PDFs in Settings › Billing › Invoices [1]. Refunds take 5 business days [2]. Both are in Billing [2, 1].\n\n' +
        'Sources:\n' +
        '[1] “Billing › Invoices”\n' +
        '[2] “Billing › Refunds”: https://help.example.com/billing#refunds',
    );
  });

  it('leaves out passages the answer does not cite', () => {
    expect(renderCitations('Refunds take 5 business days [1].', PASSAGES)).toBe(
      'Refunds take 5 business days [1].\n\nSources:\n[1] “Billing › Refunds”: https://help.example.com/billing#refunds',
    );
  });
});
