import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/documents/parse-document.js';
import { MAX_PASSAGE_CHARS, MIN_PASSAGE_CHARS } from '../../src/documents/passage-size.js';
import type { DocumentFormat } from '../../src/domain/knowledge.js';

const URL_ = 'https://docs.acme.test/help/refunds.md';
const parse = (body: string, format: DocumentFormat = 'markdown', url = URL_) => parseDocument({ url, format, body });

/** A paragraph of about `chars` characters, made of words, marked with `tag` so parts can be told apart. */
const paragraph = (tag: string, chars: number): string =>
  `${tag} ${'lorem ipsum dolor '.repeat(Math.ceil(chars / 18))}`.slice(0, chars).trim();

describe('parseDocument', () => {
  it('cites every passage with the page’s URL and title and numbers them in page order from 0', () => {
    const page = parse('# Refunds\n\nIntro.\n\n## Window\n\nThirty days.\n\n## Method\n\nTo the card.');
    expect(page).toMatchObject({ url: URL_, title: 'Refunds' });
    expect(page.passages.map((p) => [p.position, p.pageUrl, p.pageTitle])).toEqual([
      [0, URL_, 'Refunds'],
      [1, URL_, 'Refunds'],
      [2, URL_, 'Refunds'],
    ]);
  });

  describe('the size rule', () => {
    it('keeps a section up to the limit in one passage', () => {
      const text = paragraph('only', MAX_PASSAGE_CHARS);
      expect(parse(`## Long\n\n${text}`).passages.map((p) => p.text)).toEqual([text]);
    });

    it('cuts a longer section at paragraph boundaries into parts of at most the limit, with the same path and anchor and consecutive positions', () => {
      const paragraphs = ['a', 'b', 'c', 'd'].map((tag) => paragraph(tag, 600));
      const page = parse(`## Intro\n\nShort.\n\n## Long\n\n${paragraphs.join('\n\n')}`);
      expect(page.passages.map((p) => [p.position, p.headingPath, p.anchor])).toEqual([
        [0, ['Intro'], 'intro'],
        [1, ['Long'], 'long'],
        [2, ['Long'], 'long'],
      ]);
      expect(page.passages.slice(1).map((p) => p.text)).toEqual([paragraphs.slice(0, 2).join('\n\n'), paragraphs.slice(2).join('\n\n')]);
    });

    it('cuts a paragraph longer than the limit between words (a last scrap may stretch a part by the minimum), and text with no spaces anywhere', () => {
      const words = paragraph('w', 4 * MAX_PASSAGE_CHARS);
      const parts = parse(words, 'text').passages.map((p) => p.text);
      expect(parts.length).toBe(4);
      expect(parts.every((part) => part.length <= MAX_PASSAGE_CHARS + MIN_PASSAGE_CHARS)).toBe(true);
      expect(parts.join(' ')).toBe(words);
      const blob = 'x'.repeat(3 * MAX_PASSAGE_CHARS + 100);
      expect(parse(blob, 'text').passages.map((p) => p.text.length)).toEqual([1500, 1500, 1500, 100]);
    });

    it('merges a scrap shorter than the minimum into the passage before it, not into a passage of its own', () => {
      const big = paragraph('big', MAX_PASSAGE_CHARS - 10);
      const scrap = 'See also: FAQ.';
      expect(scrap.length).toBeLessThan(MIN_PASSAGE_CHARS);
      expect(parse(`## Terms\n\n${big}\n\n${scrap}`).passages.map((p) => p.text)).toEqual([`${big}\n\n${scrap}`]);
    });

    it('keeps a short section as its own passage: only the parts of one section are merged', () => {
      expect(parse('## A\n\nYes.\n\n## B\n\nNo.').passages.map((p) => p.text)).toEqual(['Yes.', 'No.']);
    });
  });

  describe('hashes', () => {
    const body = '# Refunds\n\n## Window\n\nThirty days from delivery.\n\n## Method\n\nTo the original card.';

    it('are the same for the same document, so an unchanged page is not indexed again', () => {
      expect(parse(body).passages.map((p) => p.hash)).toEqual(parse(body).passages.map((p) => p.hash));
      expect(parse(body).passages[0]?.hash).toMatch(/^[0-9a-f]{32}$/);
    });

    it('change only for the passage whose text changed, even when positions shift', () => {
      const before = parse(body).passages.map((p) => p.hash);
      const edited = parse(body.replace('Thirty', 'Sixty')).passages.map((p) => p.hash);
      expect(edited[0]).not.toBe(before[0]);
      expect(edited[1]).toBe(before[1]);
      const prepended = parse(body.replace('## Window', '## New\n\nA new section.\n\n## Window')).passages.map((p) => p.hash);
      expect(prepended.slice(1)).toEqual(before);
    });

    it('change with the page’s URL, title or the heading path, which a citation shows', () => {
      const hash = (text: string, url = URL_) => parse(text, 'markdown', url).passages[0]?.hash;
      const base = hash('# Refunds\n\n## Window\n\nThirty days.');
      expect(hash('# Refunds\n\n## Window\n\nThirty days.', 'https://docs.acme.test/other.md')).not.toBe(base);
      expect(hash('# Returns\n\n## Window\n\nThirty days.')).not.toBe(base);
      expect(hash('# Refunds\n\n## Period\n\nThirty days.')).not.toBe(base);
    });
  });

  describe('plain text', () => {
    it('is one passage titled by its first non-empty line, with spaces tidied and paragraph breaks kept', () => {
      const page = parse('\n\n  Refund   policy  \n\nWe refund\twithin 30 days.\n\n\n\nAsk us.', 'text', 'file:///srv/docs/refunds.txt');
      expect(page.title).toBe('Refund policy');
      expect(page.passages.map(({ headingPath, anchor, text }) => ({ headingPath, anchor, text }))).toEqual([
        { headingPath: [], anchor: null, text: 'Refund policy\n\nWe refund within 30 days.\n\nAsk us.' },
      ]);
    });

    it('is split at blank lines only when it is long', () => {
      const blocks = ['a', 'b', 'c'].map((tag) => paragraph(tag, 700));
      expect(parse(blocks.join('\n\n'), 'text').passages.map((p) => p.text)).toEqual([blocks.slice(0, 2).join('\n\n'), blocks[2]]);
    });

    it('is titled by the file name when its first line is too long to be a title', () => {
      expect(parse(paragraph('long', 300), 'text', 'file:///srv/docs/refund-policy.txt').title).toBe('refund-policy');
    });
  });

  describe('junk', () => {
    it.each<DocumentFormat>(['markdown', 'html', 'text'])(
      'an empty or blank %s body is a page with no passages, titled from its URL',
      (format) => {
        expect(parse('', format)).toEqual({ url: URL_, title: 'refunds', passages: [] });
        expect(parse(' \n\t\n ', format).passages).toEqual([]);
      },
    );

    it('a byte-order mark does not hide front matter or reach the text', () => {
      const page = parse('\ufeff---\ntitle: Refunds\n---\nThirty days.');
      expect(page.title).toBe('Refunds');
      expect(page.passages.map((p) => p.text)).toEqual(['Thirty days.']);
    });

    it('Markdown nested deeper than the parser can follow is still read, as plain text', () => {
      const page = parse(`${'>'.repeat(10_000)} deep`);
      expect(page.passages.length).toBeGreaterThan(0);
      expect(page.passages.at(-1)?.text).toContain('deep');
    });

    it('binary-looking bytes and an unparseable URL do not throw', () => {
      const junk = '\u0000\u0001<<>>&&#;\uffff'.repeat(100);
      for (const format of ['markdown', 'html', 'text'] as const) {
        expect(() => parse(junk, format, 'not a url/%E0%A4%A')).not.toThrow();
      }
      expect(parse('', 'text', 'not a url/%E0%A4%A').title).toBe('%E0%A4%A');
    });
  });
});
