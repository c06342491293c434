// The console's Dashboard through inject on the real service: admins see a window's charts as SVG
// with their data tables and the knowledge gaps; agents are refused as the API refuses them; an
// unknown window is the console's 400 page. A window's figures are kept for DASHBOARD_CACHE_SECONDS
// (an hour here, so that no test depends on how fast it runs) and the page says when they were read;
// the API reads afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilStatus } from '../helpers/eventually.js';
import { consoleSignIn } from '../helpers/console.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let adminCookie: string;
let agentCookie: string;
let admin: Awaited<ReturnType<typeof createStaff>>;
let customer: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  app = await startTestApp({ DASHBOARD_CACHE_SECONDS: '3600' });
  admin = await createStaff(app, 'ADMIN');
  const agent = await createStaff(app, 'AGENT');
  customer = await signUp(app);
  const res = await app.request({
    method: 'POST',
    url: '/tickets',
    headers: customer.auth,
    payload: { message: 'I was charged twice for my subscription, I want to talk to a human' },
  });
  await untilStatus(app.running.services, res.json().id, ['ESCALATED']);
  adminCookie = (await consoleSignIn(app, admin.email, admin.password)).cookie;
  agentCookie = (await consoleSignIn(app, agent.email, agent.password)).cookie;
});

afterAll(async () => {
  await app?.stop();
});

describe('console dashboard', () => {
  it('shows an admin the window’s charts as SVG, each with its caption and data table, and the knowledge gaps', async () => {
    const inbox = await app.request({ url: '/console/', headers: { cookie: adminCookie } });
    expect(inbox.body).toContain('href="/console/dashboard"');

    const page = await app.request({ url: '/console/dashboard?window=24h', headers: { cookie: adminCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<a href="/console/dashboard?window=24h" aria-current="page">Last 24h</a>');
    for (const id of ['automatic', 'escalations', 'sources', 'intents', 'first-response', 'resolution', 'sla']) {
      expect(page.body).toContain(`<figcaption id="${id}-caption">`);
      expect(page.body).toContain(`aria-labelledby="${id}-caption"`);
    }
    expect(page.body.match(/<svg /g)).toHaveLength(7);
    expect(page.body.match(/<table>/g)).toHaveLength(7);
    expect(page.body).not.toMatch(/<svg[^>]*\sstyle="|<script(?![^>]*htmx)/);
    expect(page.body).toContain('1 escalations over the last 24 hours: Customer requested human 1.');
    expect(page.body).toContain('1 tickets over the last 24 hours: API 1.');
    expect(page.body).toContain('<h2 id="gaps-title">Knowledge gaps</h2>');

    const week = await app.request({ url: '/console/dashboard', headers: { cookie: adminCookie } });
    expect(week.body).toContain('aria-current="page">Last 7d</a>');
    expect(week.body).toContain('over the last 7 days');
  });

  it('keeps a window’s figures and says when they were read, while the API reads afresh', async () => {
    const asOf = (body: string) =>
      /Figures as of <time datetime="([^"]+)">\d\d:\d\d:\d\d UTC<\/time> \(a reload reads them again once they are 3600 s old\)/.exec(
        body,
      )?.[1];
    const before = await app.request({ url: '/console/dashboard?window=24h', headers: { cookie: adminCookie } });
    expect(asOf(before.body)).toBeDefined();
    expect(before.body).toContain('1 tickets over the last 24 hours: API 1.');

    const res = await app.request({
      method: 'POST',
      url: '/tickets',
      headers: customer.auth,
      payload: { message: 'Please get me a person about my invoice' },
    });
    await untilStatus(app.running.services, res.json().id, ['ESCALATED']);

    const after = await app.request({ url: '/console/dashboard?window=24h', headers: { cookie: adminCookie } });
    expect(asOf(after.body)).toBe(asOf(before.body));
    expect(after.body).toContain('1 tickets over the last 24 hours: API 1.');
    const api = await app.request({ url: '/admin/metrics/series?window=24h', headers: admin.auth });
    expect(api.statusCode).toBe(200);
    const opened = (api.json() as { points: { tickets: { total: number } }[] }).points.reduce((sum, p) => sum + p.tickets.total, 0);
    expect(opened).toBe(2);
  });

  it('refuses agents with the 403 page and gives them no link to it', async () => {
    const inbox = await app.request({ url: '/console/', headers: { cookie: agentCookie } });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).not.toContain('href="/console/dashboard"');
    const page = await app.request({ url: '/console/dashboard', headers: { cookie: agentCookie } });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('The dashboard is for admins.');
    expect(page.body).not.toContain('<svg');
  });

  it('answers an unknown window with the 400 page naming it', async () => {
    const page = await app.request({ url: '/console/dashboard?window=1y', headers: { cookie: adminCookie } });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('window');
    expect(page.body).not.toContain('<svg');
  });

  it('renders the 90-day window by day', async () => {
    const page = await app.request({ url: '/console/dashboard?window=90d', headers: { cookie: adminCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<svg/g)).toHaveLength(7);
  });
});
