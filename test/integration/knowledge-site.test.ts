// A documentation site as a knowledge source, through the admin API on real PostgreSQL, against a
// local fake site: its sitemap, robots.txt, a changed page, a removed page, a page that fails, and
// sources of which nothing can be read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSite } from '../fakes/fake-site.js';
import { expectError } from '../helpers/assertions.js';
import { freePort } from '../helpers/net.js';
import { createStaff, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: Record<string, string>;
const site = new FakeSite();

const page = (title: string, heading: string, text: string) =>
  `<html><head><title>${title}</title></head><body><nav>Docs home</nav><main><h1>${title}</h1><h2 id="${heading.toLowerCase().replace(/ /g, '-')}">${heading}</h2><p>${text}</p></main></body></html>`;

beforeAll(async () => {
  await site.start();
  site
    .robots('User-agent: *\nDisallow: /private/\n')
    .page('/shipping', page('Shipping', 'Delivery times', 'Orders leave our warehouse within two working days.'))
    .page('/returns', page('Returns', 'Return window', 'You can return any item within 30 days of delivery.'))
    .page('/private/pricing', page('Internal pricing', 'Margins', 'Never shown to customers.'))
    .sitemap('/sitemap.xml', ['/shipping', '/returns', '/private/pricing', `${site.otherNameOrigin}/elsewhere`]);
  app = await startTestApp({ KB_MAX_PAGE_BYTES: '1000000' }, ['api']);
  admin = (await createStaff(app, 'ADMIN')).auth;
});
afterAll(async () => {
  await app?.stop();
  await site.stop();
});

const add = (payload: Record<string, string>) => app.request({ method: 'POST', url: '/admin/knowledge-sources', headers: admin, payload });
const passagesOf = (name: string) =>
  app.running.services.db.prisma.knowledgeChunk.findMany({ where: { source: { name } }, orderBy: { pageUrl: 'asc' } });

describe('a documentation site as a knowledge source', () => {
  it('reads the pages its sitemap lists on its own host that robots.txt allows, and names what it left out', async () => {
    const res = await add({ location: site.url('/sitemap.xml'), name: 'site' });
    expect(res.statusCode).toBe(201);
    const { source } = res.json();
    expect(source).toMatchObject({ kind: 'url', pages: 2 });
    expect(source.errors).toEqual([
      expect.objectContaining({ url: site.url('/private/pricing'), error: expect.stringContaining('robots.txt') }),
    ]);
    expect(site.requested('/private/pricing')).toBe(0);
    const passages = await passagesOf('site');
    expect(passages.map((p) => [p.pageUrl, p.anchor])).toEqual([
      [site.url('/returns'), 'return-window'],
      [site.url('/shipping'), 'delivery-times'],
    ]);
    expect(passages.some((p) => p.text.includes('Docs home'))).toBe(false);
  });

  it('syncs a changed page, drops a page taken out of the sitemap, and keeps a page that fails this time', async () => {
    site
      .page('/shipping', page('Shipping', 'Delivery times', 'Orders leave our warehouse within one working day.'))
      .page('/faq', page('FAQ', 'Gift wrapping', 'Gift wrapping is free on every order.'))
      .route('/returns', { status: 500, body: 'oops' })
      .sitemap('/sitemap.xml', ['/shipping', '/returns', '/faq']);
    const res = await app.request({ method: 'POST', url: '/admin/knowledge-sources/site/sync', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().changes).toEqual({ added: 2, removed: 1, unchanged: 1 });
    expect(res.json().source.errors).toEqual([
      expect.objectContaining({ url: site.url('/returns'), error: expect.stringContaining('500') }),
    ]);
    const texts = (await passagesOf('site')).map((p) => p.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('within one working day'),
        expect.stringContaining('within 30 days'),
        expect.stringContaining('Gift wrapping is free'),
      ]),
    );
    expect(texts.some((t) => t.includes('within two working days'))).toBe(false);

    site.sitemap('/sitemap.xml', ['/shipping', '/faq']);
    const again = await app.request({ method: 'POST', url: '/admin/knowledge-sources/site/sync', headers: admin });
    expect(again.json().changes).toMatchObject({ removed: 1 });
    expect((await passagesOf('site')).some((p) => p.text.includes('within 30 days'))).toBe(false);
  });

  it('refuses a page too large to read, a host nobody answers on, and a page that is not there, storing nothing', async () => {
    site.route('/huge', { streamBytes: 50 * 1024 * 1024, contentType: 'text/html' });
    const huge = expectError(await add({ location: site.url('/huge'), name: 'huge' }), 400, 'validation_failed');
    expect(huge.message).toContain('Nothing could be read');
    expect(site.streams.get('/huge')?.bytesSent ?? 0).toBeLessThan(10 * 1024 * 1024);

    const port = await freePort();
    expect(
      expectError(await add({ location: `http://127.0.0.1:${port}/docs`, name: 'nobody' }), 400, 'validation_failed').message,
    ).toContain(String(port));
    expect(expectError(await add({ location: site.url('/missing'), name: 'missing' }), 400, 'validation_failed').message).toContain('404');

    const list = await app.request({ method: 'GET', url: '/admin/knowledge-sources', headers: admin });
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['site']);
  });
});
