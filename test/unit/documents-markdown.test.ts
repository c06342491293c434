import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/documents/parse-document.js';

const markdown = (body: string, url = 'file:///docs/setup-guide.md') => parseDocument({ url, format: 'markdown', body });
const sections = (body: string) => markdown(body).passages.map(({ headingPath, anchor, text }) => ({ headingPath, anchor, text }));

describe('Markdown documents', () => {
  describe('sections and heading paths', () => {
    it('makes one passage per section, its path the headings above it, outermost first', () => {
      const body =
        '# Acme\n\nWelcome to Acme.\n\n## Install\n\nRun the installer.\n\n### On Linux\n\nUse the tarball.\n\n## Billing\n\nWe bill monthly.';
      expect(sections(body)).toEqual([
        { headingPath: [], anchor: null, text: 'Welcome to Acme.' },
        { headingPath: ['Install'], anchor: 'install', text: 'Run the installer.' },
        { headingPath: ['Install', 'On Linux'], anchor: 'on-linux', text: 'Use the tarball.' },
        { headingPath: ['Billing'], anchor: 'billing', text: 'We bill monthly.' },
      ]);
    });

    it('titles the page by its only h1 and leaves that h1 out of every heading path', () => {
      const page = markdown('# Acme handbook\n\nIntro.\n\n## Refunds\n\nWithin 30 days.');
      expect(page.title).toBe('Acme handbook');
      expect(page.passages.map((p) => p.headingPath)).toEqual([[], ['Refunds']]);
    });

    it('keeps h1s in the paths when a page has several: they are its top-level sections, and the first names the page', () => {
      const page = markdown('# Install\n\nDownload it.\n\n# Usage\n\n## Flags\n\nPass --verbose.');
      expect(page.title).toBe('Install');
      expect(page.passages.map((p) => p.headingPath)).toEqual([['Install'], ['Usage', 'Flags']]);
    });

    it('gives a section only its own text, not its subsections’, and skips a heading followed at once by a subheading', () => {
      expect(sections('## Setup\n\n### Keys\n\nCreate a key.\n\n### Hooks\n\nAdd a hook.')).toEqual([
        { headingPath: ['Setup', 'Keys'], anchor: 'keys', text: 'Create a key.' },
        { headingPath: ['Setup', 'Hooks'], anchor: 'hooks', text: 'Add a hook.' },
      ]);
    });

    it('climbs back out of deeper levels, even when levels were skipped', () => {
      const body = '## A\n\na text\n\n#### A deep\n\ndeep text\n\n### A middle\n\nmiddle text\n\n## B\n\nb text';
      expect(markdown(body).passages.map((p) => p.headingPath)).toEqual([['A'], ['A', 'A deep'], ['A', 'A middle'], ['B']]);
    });

    it('reads setext headings and heading markup as plain words', () => {
      expect(sections('Getting **started** with `acme`\n---\n\nHello.')).toEqual([
        { headingPath: ['Getting started with acme'], anchor: 'getting-started-with-acme', text: 'Hello.' },
      ]);
    });

    it('treats a heading inside a list or a quote as text, not as a new section', () => {
      expect(sections('## Notes\n\n> ### Careful\n> Back up first.')).toEqual([
        { headingPath: ['Notes'], anchor: 'notes', text: 'Careful\n\nBack up first.' },
      ]);
    });
  });

  describe('anchors', () => {
    it('are GitHub slugs: lower case, punctuation dropped, spaces as hyphens, letters of any script kept', () => {
      const anchors = markdown('## What’s new in v2.0?\n\nx\n\n## Émigré & café_bar\n\ny\n\n## Über  Uns\n\nz').passages.map(
        (p) => p.anchor,
      );
      expect(anchors).toEqual(['whats-new-in-v20', 'émigré--café_bar', 'über-uns']);
    });

    it('number repeated headings -1, -2 …, as GitHub does, counting the page’s own h1 too', () => {
      const body = '# FAQ\n\n## FAQ\n\none\n\n## FAQ\n\ntwo\n\n## FAQ-1\n\nthree';
      expect(markdown(body).passages.map((p) => p.anchor)).toEqual(['faq-1', 'faq-2', 'faq-1-1']);
    });

    it('are null for text above the first heading and for a heading with no letters or digits', () => {
      expect(sections('Preface.\n\n## 🚀\n\nLaunch.').map((s) => s.anchor)).toEqual([null, null]);
    });
  });

  describe('front matter', () => {
    it('is removed, and its title names the page', () => {
      const page = markdown('---\ntitle: "Refunds: the rules"\nsidebar: 2\n---\n\n# Refunds\n\nWithin 30 days.');
      expect(page.title).toBe('Refunds: the rules');
      expect(page.passages.map((p) => [p.headingPath, p.text])).toEqual([[[], 'Within 30 days.']]);
    });

    it('without a title leaves the page to its h1, and without an h1 to its file name', () => {
      expect(markdown('---\nlayout: doc\n---\n# Billing\n\nMonthly.').title).toBe('Billing');
      expect(markdown('---\nlayout: doc\n---\nMonthly.').title).toBe('setup-guide');
    });

    it('is only front matter at the very start and when it is closed', () => {
      const page = markdown('Intro.\n\n---\n\ntitle: X\n\n---\n');
      expect(page.title).toBe('setup-guide');
      expect(page.passages.map((p) => p.text)).toEqual(['Intro.\n\ntitle: X']);
      expect(markdown('---\ntitle: Never closed\n\nBody.').title).toBe('setup-guide');
    });
  });

  describe('text', () => {
    it('keeps code blocks as written, indentation and all', () => {
      const body = '## Config\n\nAdd this:\n\n```yaml\nserver:\n  port: 8080\n```\n\nThen restart.';
      expect(sections(body)[0]?.text).toBe('Add this:\n\nserver:\n  port: 8080\n\nThen restart.');
    });

    it('reduces emphasis, links and images to their words, decodes character references and keeps code spans literal', () => {
      const body = 'Read **the** [guide](https://x.test) ![logo](l.png) &copy; Acme &amp; Co; type `a &amp; b` & go.';
      expect(sections(body)[0]?.text).toBe('Read the guide logo © Acme & Co; type a &amp; b & go.');
    });

    it('joins soft line breaks into one line, keeps hard breaks and paragraph breaks', () => {
      expect(sections('One\ntwo  \nthree\n\nFour.')[0]?.text).toBe('One two\nthree\n\nFour.');
    });

    it('writes list items and table rows one per line, nested items indented, tasks with their box', () => {
      const body = '- [x] Back up\n- Upgrade\n  1. Stop\n  2. Start\n\n| Plan | Price |\n|---|---|\n| Pro | $10 |';
      expect(sections(body)[0]?.text).toBe('- [x] Back up\n- Upgrade\n  1. Stop\n  2. Start\n\nPlan | Price\nPro | $10');
    });

    it('reads HTML blocks as HTML, without their scripts', () => {
      expect(sections('<div class="note">Keep your <b>key</b> safe.<script>track()</script></div>')[0]?.text).toBe('Keep your key safe.');
    });
  });
});
