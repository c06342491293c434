// Knowledge sources through the admin API, on real PostgreSQL: a folder of docs is read, split into
// sections and stored; a sync stores only what changed; bad input is refused with nothing stored.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/assertions.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: Record<string, string>;
let docs: string;

const BILLING = `# Billing

How invoices work.

## Refunds

A refund goes back to the card you paid with within five business days. Partial refunds are possible for annual plans.

## Invoices

Download any invoice as a PDF from the Billing page; invoices list your company's VAT number.
`;

const ACCOUNT = `<html><head><title>Your account</title></head><body>
<nav>Home | Docs</nav>
<h1>Your account</h1>
<h2 id="password">Reset your password</h2>
<p>Click "Forgot password" on the sign-in page and follow the link we email you; it is valid for one hour.</p>
</body></html>`;

beforeAll(async () => {
  app = await startTestApp({}, ['api']);
  admin = (await createStaff(app, 'ADMIN')).auth;
  docs = await mkdtemp(join(tmpdir(), 'firstline-kb-'));
  await writeFile(join(docs, 'billing.md'), BILLING);
  await writeFile(join(docs, 'account.html'), ACCOUNT);
});
afterAll(async () => {
  await app?.stop();
  if (docs) await rm(docs, { recursive: true, force: true });
});

const passagesOf = (sourceName: string) =>
  app.running.services.db.prisma.knowledgeChunk.findMany({
    where: { source: { name: sourceName } },
    orderBy: [{ pageUrl: 'asc' }, { position: 'asc' }],
  });

describe('knowledge sources over the admin API', () => {
  it('adds a folder: every Markdown and HTML page is read and stored as sections with their headings', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/admin/knowledge-sources',
      headers: admin,
      payload: { location: docs, name: 'help' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      source: { name: 'help', kind: 'path', location: docs, pages: 2, errors: [] },
      changes: { removed: 0, unchanged: 0 },
    });
    const passages = await passagesOf('help');
    expect(res.json().source.chunks).toBe(passages.length);
    expect(passages.find((p) => p.text.includes('five business days'))).toMatchObject({
      pageTitle: 'Billing',
      headingPath: expect.arrayContaining(['Refunds']),
    });
    const reset = passages.find((p) => p.text.includes('Forgot password'));
    expect(reset).toMatchObject({ pageTitle: 'Your account', anchor: 'password' });
    expect(passages.some((p) => p.text.includes('Home | Docs'))).toBe(false);

    const list = await app.request({ method: 'GET', url: '/admin/knowledge-sources', headers: admin });
    expect(list.json().items).toEqual([expect.objectContaining({ name: 'help', pages: 2, chunks: passages.length })]);
  });

  it('syncs incrementally: a changed section is stored again, unchanged ones keep their rows, a removed page disappears', async () => {
    const before = await passagesOf('help');
    const invoicesRow = before.find((p) => p.text.includes('PDF'));
    await writeFile(join(docs, 'billing.md'), BILLING.replace('five business days', 'ten business days'));
    await rm(join(docs, 'account.html'));

    const res = await app.request({ method: 'POST', url: '/admin/knowledge-sources/help/sync', headers: admin });
    expect(res.statusCode).toBe(200);
    const after = await passagesOf('help');
    expect(res.json()).toMatchObject({ source: { pages: 1, chunks: after.length }, changes: { added: 1 } });
    expect(res.json().changes.removed).toBe(before.length - after.length + 1);
    expect(after.some((p) => p.text.includes('ten business days'))).toBe(true);
    expect(after.some((p) => p.text.includes('five business days') || p.text.includes('Forgot password'))).toBe(false);
    expect(after.find((p) => p.text.includes('PDF'))?.id).toBe(invoicesRow?.id);
  });

  it('refuses a path that does not exist, and stores nothing', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/admin/knowledge-sources',
      headers: admin,
      payload: { location: join(docs, 'no-such-folder'), name: 'missing' },
    });
    expect(expectError(res, 400, 'validation_failed').message).toContain('no-such-folder');
    const list = await app.request({ method: 'GET', url: '/admin/knowledge-sources', headers: admin });
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['help']);
  });

  it('refuses a taken name, a bad name, and a URL scheme other than http(s)', async () => {
    const add = (payload: Record<string, string>) =>
      app.request({ method: 'POST', url: '/admin/knowledge-sources', headers: admin, payload });
    expectError(await add({ location: docs, name: 'help' }), 409, 'conflict');
    expectError(await add({ location: docs, name: 'Not A Name!' }), 400, 'validation_failed');
    expect(expectError(await add({ location: 'ftp://example.com/docs' }), 400, 'validation_failed').message).toContain('ftp');
  });

  it('is for admins only: customers and agents are refused', async () => {
    const customer = (await signUp(app)).auth;
    const agent = (await createStaff(app, 'AGENT')).auth;
    for (const headers of [customer, agent]) {
      expectError(await app.request({ method: 'GET', url: '/admin/knowledge-sources', headers }), 403, 'forbidden');
      expectError(
        await app.request({ method: 'POST', url: '/admin/knowledge-sources', headers, payload: { location: docs } }),
        403,
        'forbidden',
      );
    }
    expectError(await app.request({ method: 'GET', url: '/admin/knowledge-sources' }), 401, 'unauthorized');
  });

  it('stores a source of thousands of sections whole, in one sync', async () => {
    const big = await mkdtemp(join(tmpdir(), 'firstline-kb-big-'));
    try {
      for (let page = 0; page < 250; page++) {
        const sections = Array.from(
          { length: 10 },
          (_, i) => `## Topic ${page}-${i}\n\nHow to use feature ${page}-${i}: open settings ${i} and press the button ${page}.\n`,
        );
        await writeFile(join(big, `page-${page}.md`), `# Page ${page}\n\n${sections.join('\n')}`);
      }
      const res = await app.request({
        method: 'POST',
        url: '/admin/knowledge-sources',
        headers: admin,
        payload: { location: big, name: 'big' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ source: { pages: 250, chunks: 2500 }, changes: { added: 2500 } });
      expect(await app.running.services.db.prisma.knowledgeChunk.count({ where: { source: { name: 'big' } } })).toBe(2500);
      expect((await app.request({ method: 'DELETE', url: '/admin/knowledge-sources/big', headers: admin })).statusCode).toBe(204);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  });

  it('removes a source with its sections; a second removal is 404', async () => {
    const res = await app.request({ method: 'DELETE', url: '/admin/knowledge-sources/help', headers: admin });
    expect(res.statusCode).toBe(204);
    expect(await passagesOf('help')).toEqual([]);
    expectError(await app.request({ method: 'DELETE', url: '/admin/knowledge-sources/help', headers: admin }), 404, 'not_found');
    expectError(await app.request({ method: 'POST', url: '/admin/knowledge-sources/help/sync', headers: admin }), 404, 'not_found');
  });
});
