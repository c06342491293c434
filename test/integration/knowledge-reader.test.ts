// The web half of the DocumentReader against a local fake documentation site: pages, sitemaps,
// robots.txt, redirects and the ways a page fails. Sockets, but no PostgreSQL or Redis of its own.
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../src/domain/knowledge.js';
import { createDocumentReader } from '../../src/infra/knowledge/document-reader.js';
import { FakeSite } from '../fakes/fake-site.js';
import { freePort } from '../helpers/net.js';

let site: FakeSite;
let logLines: string[];
const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, pageTimeoutMs: 5_000 };

beforeEach(async () => {
  site = await new FakeSite().start();
  logLines = [];
});
afterEach(async () => {
  await site.stop();
});

function read(url: string, overrides: Partial<ReadLimits> = {}) {
  const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  return createDocumentReader({ log }).read({ kind: 'url', url }, { ...limits, ...overrides });
}

const urlsOf = (docs: { url: string }[]) => docs.map((d) => d.url);

describe('reading one page', () => {
  it('reads an HTML page after asking robots.txt, as FirstlineBot', async () => {
    site.page('/guide', '<h1>Guide</h1>');
    const reading = await read(site.url('/guide'));
    expect(reading).toEqual({ documents: [{ url: site.url('/guide'), format: 'html', body: '<h1>Guide</h1>' }], errors: [] });
    expect(site.requests.map((r) => r.path)).toEqual(['/robots.txt', '/guide']);
    expect(site.requests.every((r) => r.userAgent === 'FirstlineBot/1.0 (+https://github.com/firstline)')).toBe(true);
  });

  it('takes the format from the content type, and Markdown from a .md URL served as plain text', async () => {
    site.page('/a', '# A', 'text/markdown; charset=utf-8').page('/raw/b.md', '# B', 'text/plain').page('/c', 'C', 'text/plain');
    site.sitemap('/sitemap.xml', ['/a', '/raw/b.md', '/c']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(reading.documents.map((d) => d.format)).toEqual(['markdown', 'markdown', 'text']);
  });

  it('records a page of an unsupported content type as an error', async () => {
    site.page('/manual.pdf', '%PDF-1.7', 'application/pdf');
    const reading = await read(site.url('/manual.pdf'));
    expect(reading).toEqual({
      documents: [],
      errors: [{ url: site.url('/manual.pdf'), error: 'unsupported content type: application/pdf' }],
    });
  });

  it('records an XML page that is not a sitemap as an unsupported content type', async () => {
    site.page('/feed', '<rss><channel/></rss>', 'application/rss+xml');
    const reading = await read(site.url('/feed'));
    expect(reading.errors).toEqual([{ url: site.url('/feed'), error: 'unsupported content type: application/rss+xml' }]);
  });

  it('records a page that answers 404 as an error with the status', async () => {
    const reading = await read(site.url('/gone'));
    expect(reading).toEqual({ documents: [], errors: [{ url: site.url('/gone'), error: 'HTTP 404' }] });
  });

  it('refuses a URL that is not http or https', async () => {
    for (const url of ['ftp://example.com/docs', 'file:///etc/passwd', 'not a url']) {
      await expect(read(url)).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining(url) });
    }
  });

  it('throws a validation AppError naming the URL when the host cannot be reached', async () => {
    const url = `http://127.0.0.1:${await freePort()}/docs`;
    const error = await read(url).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(url) });
  });

  it('follows a redirect on the same host and cites the page by the URL it was asked for', async () => {
    site.redirect('/old', '/new', 301).page('/new', '<p>moved</p>');
    const reading = await read(site.url('/old'));
    expect(reading.documents).toEqual([{ url: site.url('/old'), format: 'html', body: '<p>moved</p>' }]);
  });

  it('refuses a redirect to another host without sending it anything', async () => {
    const other = await new FakeSite().start();
    try {
      other.page('/landing', '<p>elsewhere</p>');
      site.redirect('/away', other.url('/landing'));
      const reading = await read(site.url('/away'));
      expect(reading.documents).toEqual([]);
      expect(reading.errors).toEqual([{ url: site.url('/away'), error: expect.stringMatching(/another host/) }]);
      expect(other.requests).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('treats localhost and 127.0.0.1 as different hosts when redirected', async () => {
    site.redirect('/switch', `${site.otherNameOrigin}/page`).page('/page', 'same server, other name');
    const reading = await read(site.url('/switch'));
    expect(reading.errors).toEqual([{ url: site.url('/switch'), error: expect.stringMatching(/another host \(localhost:\d+\)/) }]);
    expect(site.requested('/page')).toBe(0);
  });
});

describe('reading a sitemap', () => {
  it('reads the pages listed on the same host, once each, and leaves other hosts out without errors', async () => {
    site.page('/one', 'one').page('/two', 'two');
    site.sitemap('/sitemap.xml', ['/one', '/two', '/one', '/two#install', 'https://elsewhere.example/x', `${site.otherNameOrigin}/one`]);
    const reading = await read(site.url('/sitemap.xml'));
    expect(urlsOf(reading.documents)).toEqual([site.url('/one'), site.url('/two')]);
    expect(reading.errors).toEqual([]);
    expect(site.requested('/one')).toBe(1);
    expect(logLines.some((line) => line.includes('"dropped":2'))).toBe(true);
  });

  it('follows sitemap indexes two levels deep', async () => {
    site.page('/a', 'a').page('/b', 'b').page('/c', 'c');
    site.sitemapIndex('/sitemap.xml', ['/sitemaps/docs.xml', '/sitemaps/more-index.xml']);
    site.sitemap('/sitemaps/docs.xml', ['/a']);
    site.sitemapIndex('/sitemaps/more-index.xml', ['/sitemaps/blog.xml']);
    site.sitemap('/sitemaps/blog.xml', ['/b', '/c']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(urlsOf(reading.documents)).toEqual([site.url('/a'), site.url('/b'), site.url('/c')]);
    expect(reading.errors).toEqual([]);
  });

  it('records a nested sitemap that fails and reads the pages of the others', async () => {
    site.page('/a', 'a').sitemap('/docs.xml', ['/a']);
    site.sitemapIndex('/sitemap.xml', ['/docs.xml', '/broken.xml', '/missing.xml']).route('/broken.xml', { status: 500 });
    const reading = await read(site.url('/sitemap.xml'));
    expect(urlsOf(reading.documents)).toEqual([site.url('/a')]);
    expect(reading.errors).toEqual([
      { url: site.url('/broken.xml'), error: 'sitemap answered HTTP 500' },
      { url: site.url('/missing.xml'), error: 'sitemap answered HTTP 404' },
    ]);
  });

  it('throws a validation AppError when a URL named sitemap.xml is not a sitemap', async () => {
    site.page('/sitemap.xml', '<html><body>Our sitemap</body></html>');
    await expect(read(site.url('/sitemap.xml'))).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/is not a sitemap/),
    });
  });

  it('does not follow an index nested deeper than two levels, and says so', async () => {
    site.sitemapIndex('/sitemap.xml', ['/i1.xml']).sitemapIndex('/i1.xml', ['/i2.xml']).sitemapIndex('/i2.xml', ['/i3.xml']);
    site.sitemap('/i3.xml', ['/deep']).page('/deep', 'deep');
    const reading = await read(site.url('/sitemap.xml'));
    expect(reading.documents).toEqual([]);
    expect(reading.errors).toEqual([{ url: site.url('/i3.xml'), error: expect.stringMatching(/nested more than 2 levels/) }]);
    expect(site.requested('/i3.xml')).toBe(0);
  });

  it('recognises a sitemap by its XML when the URL does not say sitemap.xml', async () => {
    site.page('/p', 'p').sitemap('/pages', ['/p']);
    const reading = await read(site.url('/pages'));
    expect(urlsOf(reading.documents)).toEqual([site.url('/p')]);
  });

  it('respects robots.txt: a disallowed page is never requested and is recorded', async () => {
    site.robots('User-agent: *\nDisallow: /internal/\n\nUser-agent: FirstlineBot\nDisallow: /drafts/\n');
    site.page('/public', 'ok').page('/drafts/next', 'secret').page('/internal/x', 'for everyone else');
    site.sitemap('/sitemap.xml', ['/public', '/drafts/next', '/internal/x']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(urlsOf(reading.documents)).toEqual([site.url('/public'), site.url('/internal/x')]);
    expect(reading.errors).toEqual([{ url: site.url('/drafts/next'), error: 'disallowed by robots.txt' }]);
    expect(site.requested('/drafts/next')).toBe(0);
    expect(site.requested('/robots.txt')).toBe(1);
  });

  it('reads everything when the site has no robots.txt', async () => {
    site.page('/a', 'a').page('/b', 'b').sitemap('/sitemap.xml', ['/a', '/b']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(reading.documents).toHaveLength(2);
    expect(site.requested('/robots.txt')).toBe(1);
  });

  it('reads nothing when robots.txt fails with a 5xx, and records why', async () => {
    site.route('/robots.txt', { status: 503, body: 'down' }).page('/a', 'a').sitemap('/sitemap.xml', ['/a']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(reading.documents).toEqual([]);
    expect(reading.errors).toEqual([{ url: site.url('/robots.txt'), error: expect.stringMatching(/HTTP 503/) }]);
    expect(site.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('reads nothing of a sitemap that robots.txt disallows, and says so', async () => {
    site.robots('User-agent: FirstlineBot\nDisallow: /\n').page('/a', 'a').sitemap('/sitemap.xml', ['/a']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(reading).toEqual({ documents: [], errors: [{ url: site.url('/sitemap.xml'), error: 'disallowed by robots.txt' }] });
    expect(site.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('sees a changed page on the next read', async () => {
    site.page('/faq', '<p>Old answer</p>').sitemap('/sitemap.xml', ['/faq']);
    expect((await read(site.url('/sitemap.xml'))).documents[0]!.body).toBe('<p>Old answer</p>');
    site.page('/faq', '<p>New answer</p>');
    expect((await read(site.url('/sitemap.xml'))).documents[0]!.body).toBe('<p>New answer</p>');
  });

  it('no longer returns a page that was taken out of the sitemap', async () => {
    site.page('/keep', 'k').page('/retired', 'r').sitemap('/sitemap.xml', ['/keep', '/retired']);
    expect(urlsOf((await read(site.url('/sitemap.xml'))).documents)).toEqual([site.url('/keep'), site.url('/retired')]);
    site.sitemap('/sitemap.xml', ['/keep']);
    const second = await read(site.url('/sitemap.xml'));
    expect(urlsOf(second.documents)).toEqual([site.url('/keep')]);
    expect(second.errors).toEqual([]);
  });

  it('records pages that answer 404 or 500 and reads the rest', async () => {
    site.page('/ok1', '1').page('/ok2', '2').route('/broken', { status: 500, body: 'oops' });
    site.sitemap('/sitemap.xml', ['/ok1', '/missing', '/broken', '/ok2']);
    const reading = await read(site.url('/sitemap.xml'));
    expect(urlsOf(reading.documents)).toEqual([site.url('/ok1'), site.url('/ok2')]);
    expect(reading.errors).toEqual([
      { url: site.url('/missing'), error: 'HTTP 404' },
      { url: site.url('/broken'), error: 'HTTP 500' },
    ]);
  });

  it('reads at most maxPages pages and records that the limit was reached', async () => {
    const paths = ['/1', '/2', '/3', '/4', '/5'];
    for (const path of paths) site.page(path, path);
    site.sitemap('/sitemap.xml', paths);
    const reading = await read(site.url('/sitemap.xml'), { maxPages: 2 });
    expect(urlsOf(reading.documents)).toEqual([site.url('/1'), site.url('/2')]);
    expect(reading.errors).toEqual([{ url: site.url('/sitemap.xml'), error: expect.stringMatching(/limit/) }]);
    expect(site.requested('/3')).toBe(0);
  });

  it('records a page that does not answer in time and reads the rest', async () => {
    site.page('/fast', 'fast').route('/slow', { body: 'late', contentType: 'text/html', delayMs: 10_000 });
    site.sitemap('/sitemap.xml', ['/slow', '/fast']);
    const reading = await read(site.url('/sitemap.xml'), { pageTimeoutMs: 300 });
    expect(urlsOf(reading.documents)).toEqual([site.url('/fast')]);
    expect(reading.errors).toEqual([{ url: site.url('/slow'), error: 'no answer within 300 ms' }]);
  });

  it('abandons a page that grows past maxPageBytes while streaming, long before the server has sent it all', async () => {
    const fiftyMegabytes = 50 * 1024 * 1024;
    site.route('/huge', { streamBytes: fiftyMegabytes }).page('/small', 'small');
    site.sitemap('/sitemap.xml', ['/huge', '/small']);
    const reading = await read(site.url('/sitemap.xml'), { maxPageBytes: 100_000 });
    expect(urlsOf(reading.documents)).toEqual([site.url('/small')]);
    expect(reading.errors).toEqual([{ url: site.url('/huge'), error: 'too large: more than 100000 bytes' }]);
    const stream = site.streams.get('/huge')!;
    await stream.finished;
    expect(stream.bytesSent).toBeLessThan(fiftyMegabytes / 4);
  });

  it('refuses a page whose Content-Length is over maxPageBytes without reading its body', async () => {
    const fiftyMegabytes = 50 * 1024 * 1024;
    site.route('/declared', { streamBytes: fiftyMegabytes, declareLength: true });
    const reading = await read(site.url('/declared'), { maxPageBytes: 100_000 });
    expect(reading.errors).toEqual([{ url: site.url('/declared'), error: `too large: ${fiftyMegabytes} bytes, the limit is 100000` }]);
    const stream = site.streams.get('/declared')!;
    await stream.finished;
    expect(stream.bytesSent).toBeLessThan(fiftyMegabytes / 4);
  });

  it('throws a validation AppError when the sitemap itself fails', async () => {
    site.route('/sitemap.xml', { status: 500, body: 'oops' });
    await expect(read(site.url('/sitemap.xml'))).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/sitemap.*HTTP 500/),
    });
  });
});
