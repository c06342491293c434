// The admins' Tuning pages through inject on the real service (PostgreSQL, Redis, the worker):
// knowledge sources and their sync, incidents and resolving one, agents, API keys; agents refused,
// and every action refused without the session's CSRF token.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { consoleSignIn, form, FORM, type ConsoleSession } from '../helpers/console.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { seedDeploymentHistory } from '../helpers/tickets.js';

const PAGES = ['/console/tuning/sources', '/console/tuning/incidents', '/console/tuning/agents', '/console/tuning/api-keys'];

let app: TestApp;
let admin: ConsoleSession;
let agent: ConsoleSession;
let agentId: string;
let docs: string;
let adminApi: Record<string, string>;

interface SourceView {
  name: string;
  last_synced_at: string | null;
  pages: number;
  chunks: number;
}
/** A source's status as the admin API reports it. */
async function sourceStatus(name: string): Promise<SourceView | undefined> {
  const res = await app.request({ url: '/admin/knowledge-sources', headers: adminApi });
  return res.json<{ items: SourceView[] }>().items.find((s) => s.name === name);
}

beforeAll(async () => {
  app = await startTestApp({ WORKER_CONCURRENCY: '5' });
  await seedDeploymentHistory(app);
  const adminUser = await createStaff(app, 'ADMIN');
  const agentUser = await createStaff(app, 'AGENT');
  adminApi = adminUser.auth;
  admin = await consoleSignIn(app, adminUser.email, adminUser.password);
  agentId = agentUser.id;
  agent = await consoleSignIn(app, agentUser.email, agentUser.password);
  docs = await mkdtemp(join(tmpdir(), 'firstline-console-kb-'));
  await writeFile(
    join(docs, 'billing.md'),
    '# Billing\n\n## Refunds\n\nA refund goes back to the card you paid with within five business days.\n',
  );
});
afterAll(async () => {
  await app?.stop();
  if (docs) await rm(docs, { recursive: true, force: true });
});

const get = (session: ConsoleSession, url: string) => app.request({ url, headers: { cookie: session.cookie } });
const post = (session: ConsoleSession, url: string, fields: Record<string, string> = {}, csrf = session.csrf) =>
  app.request({ method: 'POST', url, headers: { ...FORM, cookie: session.cookie }, payload: form({ _csrf: csrf, ...fields }) });

describe('who sees the tuning pages', () => {
  it('shows each page to an admin, with the Tuning sub-nav marking where they are', async () => {
    for (const url of PAGES) {
      const page = await get(admin, url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<nav aria-label="Tuning"');
      expect(page.body).toMatch(new RegExp(`href="${url}" aria-current="page"`));
      expect(page.body).toContain('href="/console/tuning"');
    }
  });

  it('refuses an agent every page and every action, with 403 and nothing done', async () => {
    for (const url of PAGES) {
      const page = await get(agent, url);
      expect(page.statusCode, url).toBe(403);
      expect(page.body).toContain('Only admins can tune Firstline.');
    }
    const create = await post(agent, '/console/tuning/api-keys', { name: 'by an agent' });
    expect(create.statusCode).toBe(403);
    expect((await app.running.services.apiKeys.list()).map((k) => k.name)).not.toContain('by an agent');
  });
});

describe('knowledge sources', () => {
  it('syncs a folder source from the console: its status shows the new pages and sections, and says what changed', async () => {
    const added = await app.request({
      method: 'POST',
      url: '/admin/knowledge-sources',
      headers: adminApi,
      payload: { location: docs, name: 'help' },
    });
    expect(added.statusCode).toBe(201);
    const before = (await sourceStatus('help'))!;
    expect(before.pages).toBe(1);

    const listed = await get(admin, '/console/tuning/sources');
    expect(listed.body).toContain('<th scope="row">help</th>');
    expect(listed.body).toContain(docs);

    await writeFile(join(docs, 'account.md'), '# Account\n\n## Password\n\nClick "Forgot password" on the sign-in page.\n');
    const synced = await post(admin, '/console/tuning/sources/help/sync');
    expect(synced.statusCode).toBe(200);
    expect(synced.body).toContain('Synced “help”: 1 section added, 0 removed, 1 unchanged.');
    const after = (await sourceStatus('help'))!;
    expect(after).toMatchObject({ pages: 2, chunks: 2 });
    expect(Date.parse(after.last_synced_at!)).toBeGreaterThan(Date.parse(before.last_synced_at!));
    expect(synced.body).toMatch(/<td class="count">2<\/td>\s*<td class="count">2<\/td>/);

    const all = await post(admin, '/console/tuning/sources/sync');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Synced “help”: 0 sections added, 0 removed, 2 unchanged.');

    expect((await post(admin, '/console/tuning/sources/nope/sync')).statusCode).toBe(404);
  });

  it('refuses a sync without the CSRF token', async () => {
    const before = await sourceStatus('help');
    const res = await post(admin, '/console/tuning/sources/help/sync', {}, 'not-the-token');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired or did not come from the console.');
    expect((await post(admin, '/console/tuning/sources/sync', {}, '')).statusCode).toBe(403);
    expect((await sourceStatus('help'))!.last_synced_at).toBe(before!.last_synced_at);
  });
});

describe('API keys', () => {
  it('creates a key whose secret is shown once and works on the API, then revokes it', async () => {
    const created = await post(admin, '/console/tuning/api-keys', { name: 'status page' });
    expect(created.statusCode).toBe(201);
    const key = /id="new-key" type="text" readonly value="([^"]+)"/.exec(created.body)?.[1];
    expect(key).toBeTruthy();
    expect(created.body).toContain('this is the only time it is shown');
    const [row] = (await app.running.services.apiKeys.list()).filter((k) => k.name === 'status page');
    expect(key!.startsWith(`fl_${row!.prefix}_`)).toBe(true);
    expect((await app.request({ url: '/tickets', headers: { 'x-api-key': key! } })).statusCode).not.toBe(401);

    const listed = await get(admin, '/console/tuning/api-keys');
    expect(listed.body).toContain('status page');
    expect(listed.body).toContain(row!.prefix);
    expect(listed.body).not.toContain(key!);

    const revoked = await post(admin, `/console/tuning/api-keys/${row!.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.body).toContain('The key “status page”');
    expect(revoked.body).not.toContain(key!);
    expect((await app.running.services.apiKeys.list()).find((k) => k.id === row!.id)!.revokedAt).not.toBeNull();
    expect((await app.request({ url: '/tickets', headers: { 'x-api-key': key! } })).statusCode).toBe(401);
  });

  it('refuses to create or revoke without the CSRF token, and an empty name with a message', async () => {
    expect((await post(admin, '/console/tuning/api-keys', { name: 'forged' }, 'forged')).statusCode).toBe(403);
    expect((await app.running.services.apiKeys.list()).map((k) => k.name)).not.toContain('forged');
    const [live] = await app.running.services.apiKeys.list();
    const kept = await post(admin, `/console/tuning/api-keys/${live!.id}/revoke`, {}, '');
    expect(kept.statusCode).toBe(403);
    const empty = await post(admin, '/console/tuning/api-keys', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Give the key a name.');
  });
});

describe('incidents', () => {
  it('lists an open incident with its reports and resolves it from the console: every waiting report gets the answer', async () => {
    const ids: string[] = [];
    for (const message of [
      'Outage: invoices page shows a blank screen since this morning',
      'Outage - the invoices page is a blank screen since this morning',
      'outage, invoices page blank screen this morning',
    ]) {
      const { auth } = await signUp(app);
      const res = await app.request({ method: 'POST', url: '/tickets', headers: auth, payload: { message } });
      ids.push((await untilStatus(app.running.services, res.json().id, ['ESCALATED'])).id);
    }
    const incidentId = await eventually(
      async () => (await app.running.services.tickets.findById(ids[2]!))?.incidentId,
      'the reports to be grouped',
    );
    const incident = (await app.running.services.incidents.findById(incidentId))!;

    // A grouped ticket's page links an admin to its incident.
    const report = (await app.running.services.tickets.findById(ids[0]!))!;
    const ticketPage = await get(admin, `/console/tickets/${report.number}`);
    expect(ticketPage.body).toContain(`<a href="/console/tuning/incidents/${incidentId}">Incident #${incident.number}</a>`);

    const listed = await get(admin, '/console/tuning/incidents');
    expect(listed.body).toContain(`Resolve incident #${incident.number}`);
    const detail = await get(admin, `/console/tuning/incidents/${incidentId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Answer to every waiting report');

    const forged = await post(admin, `/console/tuning/incidents/${incidentId}/resolve`, { response: 'Fixed.' }, 'nope');
    expect(forged.statusCode).toBe(403);
    expect((await app.running.services.incidents.findById(incidentId))!.status).toBe('OPEN');

    const answer = 'The invoices page is back: we rolled back the faulty release.';
    const resolved = await post(admin, `/console/tuning/incidents/${incidentId}/resolve`, { response: answer });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.body).toContain(`Incident #${incident.number} resolved: ${incident.ticketCount} reports answered.`);
    for (const id of ids) {
      const ticket = await app.running.services.tickets.findById(id);
      expect(ticket).toMatchObject({ status: 'RESOLVED', response: answer });
    }
    const again = await post(admin, `/console/tuning/incidents/${incidentId}/resolve`, { response: answer });
    expect(again.statusCode).toBe(409);
  });
});

describe('agents', () => {
  it('lists agents with skills, capacity and load, and sets skills and capacity as PATCH /admin/users/:id does', async () => {
    const listed = await get(admin, '/console/tuning/agents');
    expect(listed.body).toContain(`action="/console/tuning/agents/${agentId}"`);

    const saved = await post(admin, `/console/tuning/agents/${agentId}`, { skills: 'Billing, refunds billing', capacity: '3' });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('skills billing, refunds, capacity 3.');
    expect(saved.body).toContain(`id="skills-${agentId}" name="skills" type="text" value="billing, refunds"`);
    const user = await app.running.services.users.findById(agentId);
    expect(user).toMatchObject({ skills: ['billing', 'refunds'], capacity: 3 });
    const [row] = (await app.running.services.assignments.listAgents()).filter((a) => a.id === agentId);
    expect(saved.body).toContain(`${row!.load} of 3`);

    const bad = await post(admin, `/console/tuning/agents/${agentId}`, { skills: 'ok, not!ok', capacity: '-1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Skills are lower-case words');
    expect(bad.body).toContain('Capacity is at least 0.');
    const forged = await post(admin, `/console/tuning/agents/${agentId}`, { skills: '', capacity: '0' }, 'forged');
    expect(forged.statusCode).toBe(403);
    expect(await app.running.services.users.findById(agentId)).toMatchObject({ skills: ['billing', 'refunds'], capacity: 3 });
  });
});
