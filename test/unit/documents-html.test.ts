import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/documents/parse-document.js';

const html = (body: string, url = 'https://docs.acme.test/guides/install.html') => parseDocument({ url, format: 'html', body });
const sections = (body: string) => html(body).passages.map(({ headingPath, anchor, text }) => ({ headingPath, anchor, text }));

describe('HTML documents', () => {
  describe('sections and heading paths', () => {
    it('splits at h1–h6 with heading paths, the only h1 naming the page rather than every path', () => {
      const body =
        '<h1>Install</h1><p>Before you start.</p><h2 id="linux">Linux</h2><p>Use apt.</p><h3 id="arm">ARM</h3><p>Use the arm64 build.</p>';
      const page = html(body);
      expect(page.title).toBe('Install');
      expect(sections(body)).toEqual([
        { headingPath: [], anchor: null, text: 'Before you start.' },
        { headingPath: ['Linux'], anchor: 'linux', text: 'Use apt.' },
        { headingPath: ['Linux', 'ARM'], anchor: 'arm', text: 'Use the arm64 build.' },
      ]);
    });

    it('takes the anchor from the heading’s id, an id or <a name> just inside it, or the <section> it opens', () => {
      const body =
        '<h2 id="own">Own</h2><p>a</p><h2><a name="named"></a>Named</h2><p>b</p><h2><span id="inner">Inner</span></h2><p>c</p>' +
        '<section id="wrapped"><h2>Wrapped</h2><p>d</p></section><h2>None</h2><p>e</p>';
      expect(html(body).passages.map((p) => p.anchor)).toEqual(['own', 'named', 'inner', 'wrapped', null]);
    });

    it('drops the permalink signs docs generators put in headings', () => {
      const body =
        '<h2 id="keys">API keys<a class="headerlink" href="#keys">¶</a></h2><p>Create one.</p><h2>C# <a href="#c">#</a></h2><p>Use the SDK.</p>';
      expect(html(body).passages.map((p) => p.headingPath)).toEqual([['API keys'], ['C#']]);
    });
  });

  describe('boilerplate', () => {
    it('drops scripts, styles, navigation, asides, the page’s header and footer, hidden parts and buttons', () => {
      const body = `<html><head><title>Docs</title><style>p { color: red }</style><script>var x = 1;</script></head><body>
        <header><a href="/">Acme</a></header><nav><a href="/a">Guides</a></nav>
        <p>Keep this.</p><noscript>Enable JavaScript</noscript><template><p>later</p></template>
        <aside>Related: pricing</aside><div hidden>Secret</div><span aria-hidden="true">★</span>
        <pre><button>Copy</button>make</pre><footer>© 2026 Acme</footer></body></html>`;
      expect(html(body).passages.map((p) => p.text)).toEqual(['Keep this.\n\nmake']);
    });

    it('reads only <main> when the page marks its content, and keeps an article’s own header with its h1', () => {
      const body = `<body><div class="sidebar">Guides · API · Blog</div><main><article>
        <header><h1>Refunds</h1></header><p>Within 30 days.</p></article></main><div>Cookie banner</div></body>`;
      const page = html(body);
      expect(page.title).toBe('Refunds');
      expect(page.passages.map((p) => p.text)).toEqual(['Within 30 days.']);
    });
  });

  describe('text', () => {
    it('decodes character references and collapses the source’s whitespace', () => {
      expect(sections('<p>Node &gt;= 20\n   &amp;&nbsp;npm &copy; &#x41;&#66;</p>')[0]?.text).toBe('Node >= 20 & npm © AB');
    });

    it('puts paragraphs apart, list items and table rows on their own lines, cells apart with a bar', () => {
      const body =
        '<p>Steps:</p><ol start="3"><li><p>Stop</p></li><li>Start<ul><li>check</li></ul></li></ol>' +
        '<table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$10</td></tr></table>line<br>break';
      expect(sections(body)[0]?.text).toBe('Steps:\n\n3. Stop\n4. Start\n  - check\n\nPlan | Price\nPro | $10\n\nline\nbreak');
    });

    it('keeps preformatted code as written', () => {
      const body = '<p>Config:</p><pre><code>\nserver:\n  port: 8080\n</code></pre><p>Then restart.</p>';
      expect(sections(body)[0]?.text).toBe('Config:\n\nserver:\n  port: 8080\n\nThen restart.');
    });
  });

  describe('title', () => {
    it('is the <title>, then the first h1, then the file name from the URL, then the host', () => {
      expect(html('<title> Install —\n Acme </title><h1>Installing</h1><p>x</p>').title).toBe('Install — Acme');
      expect(html('<title></title><h1>Installing</h1><p>x</p>').title).toBe('Installing');
      expect(html('<p>x</p>').title).toBe('install');
      expect(html('<p>x</p>', 'https://docs.acme.test/').title).toBe('docs.acme.test');
      expect(html('<p>x</p>', 'https://docs.acme.test/Getting%20started/').title).toBe('Getting started');
    });
  });

  describe('malformed markup', () => {
    it('reads unclosed, misnested and stray tags without throwing', () => {
      const body = '<p>Unclosed <b>bold <i>both</b> rest</i></div></span><li>stray item<td>cell<h3>Next</h3>After &bogus; <';
      expect(sections(body)).toEqual([
        { headingPath: [], anchor: null, text: 'Unclosed bold both rest\n- stray item cell' },
        { headingPath: ['Next'], anchor: null, text: 'After &bogus; <' },
      ]);
    });

    it('does not let an unclosed heading swallow the rest of the page: the blocks inside it are its section’s text', () => {
      expect(sections('<h2 id="setup">Setup<p>First step.<p>Second step.')).toEqual([
        { headingPath: ['Setup'], anchor: 'setup', text: 'First step.\n\nSecond step.' },
      ]);
    });

    it('survives nesting deeper than any call stack', () => {
      const page = html(`${'<div>'.repeat(20_000)}<h2>Deep</h2><p>Still read.</p>`);
      expect(page.passages.map((p) => p.text)).toEqual(['Still read.']);
    });
  });
});
