import { describe, expect, it } from 'vitest';
import type { StoredPassage } from '../../src/domain/ports/knowledge.js';
import { MAX_ANSWER_CHARS, passageAnswer, passageLink, passageTitle } from '../../src/replies/passage-answer.js';

const passage = (overrides: Partial<StoredPassage> = {}): StoredPassage => ({
  id: 'p1',
  sourceId: 's1',
  pageUrl: 'https://help.example.com/account',
  pageTitle: 'Your account',
  headingPath: ['Security', 'Reset your password'],
  anchor: 'reset-your-password',
  text: 'Click "Forgot password" on the sign-in page and follow the link we email you.',
  hash: 'h1',
  position: 0,
  ...overrides,
});

describe('an answer from a section of the docs', () => {
  it('is the section in the docs’ own words, then the page and headings it comes from, linked to the section', () => {
    expect(passageAnswer(passage())).toBe(
      'Click "Forgot password" on the sign-in page and follow the link we email you.\n\n' +
        'From our docs, “Your account › Security › Reset your password”: https://help.example.com/account#reset-your-password',
    );
  });

  it('names a file on the server without linking it: customers cannot open it', () => {
    const local = passage({ pageUrl: 'file:///srv/docs/account.md' });
    expect(passageLink(local)).toBeNull();
    expect(passageAnswer(local)).toMatch(/From our docs, “Your account › Security › Reset your password”\.$/);
  });

  it('links the page itself when the section has no anchor, and leaves out empty headings', () => {
    expect(passageLink(passage({ anchor: null }))).toBe('https://help.example.com/account');
    expect(passageTitle(passage({ headingPath: [] }))).toBe('Your account');
  });

  it('cuts a long section at a paragraph or sentence end and says it goes on', () => {
    const paragraph = 'This sentence explains one more detail of the procedure. ';
    const long = passage({ text: `${paragraph.repeat(10)}\n\n${paragraph.repeat(20)}` });
    const [body] = passageAnswer(long).split('\n\nFrom our docs');
    expect(body!.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS + 2);
    expect(body).toMatch(/\. …$|detail of the procedure\. …$|procedure\.\s…$/);
    expect(body!.startsWith(paragraph.trim())).toBe(true);
  });
});
