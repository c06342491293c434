// The deployment's auto-resolve threshold set by admins over the API, on the real service: who may,
// what is refused, the audit of changes, and the worker triaging the next ticket with it (and the
// triaged event recording it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const PATH = '/admin/settings/auto-resolve-threshold';
const CLEAR = 'I forgot my password and cannot log in';

type Auth = Record<string, string>;
let app: TestApp;
let admin: Auth;
let agent: Auth;
let customer: Auth;

beforeAll(async () => {
  // Read for every ticket, so the next ticket sees a change (the default keeps it 10 s).
  app = await startTestApp({ SETTINGS_CACHE_SECONDS: '0', AUTO_RESOLVE_THRESHOLD: '0.9' });
  admin = await logInAs(app, ADMIN.email, ADMIN.password);
  agent = (await createStaff(app, 'AGENT')).auth;
  customer = (await signUp(app)).auth;
});

afterAll(async () => {
  await app?.stop();
});

const put = (value: unknown, headers: Auth = admin) => app.request({ method: 'PUT', url: PATH, headers, payload: { value } });

async function ask(message: string) {
  const res = await app.request({ method: 'POST', url: '/tickets?wait=10', headers: customer, payload: { message } });
  expect(res.statusCode).toBe(200);
  const ticket = res.json<{ id: string; status: string; escalation_reason: string | null }>();
  const triaged = (await app.running.services.tickets.listEvents(ticket.id)).find((e) => e.type === 'triaged');
  return { ticket, audit: triaged?.data as { thresholds: { autoResolve: number; source: string; used: number | null } } };
}

describe('GET/PUT/DELETE /admin/settings/auto-resolve-threshold', () => {
  it('starts from AUTO_RESOLVE_THRESHOLD, with no changes', async () => {
    const res = await app.request({ url: PATH, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ value: 0.9, source: 'environment', environment: 0.9, changes: [] });
  });

  it('is for admins only: agents and customers get 403, no token 401', async () => {
    expect((await app.request({ url: PATH, headers: agent })).statusCode).toBe(403);
    expect((await put(0.8, agent)).statusCode).toBe(403);
    expect((await put(0.8, customer)).statusCode).toBe(403);
    expect((await app.request({ method: 'DELETE', url: PATH, headers: agent })).statusCode).toBe(403);
    expect((await app.request({ url: PATH })).statusCode).toBe(401);
    expect((await app.request({ url: PATH, headers: admin })).json().source).toBe('environment');
  });

  it.each([[0.49], [1], [0.995], ['0.8'], [null]])('refuses %j with 400 in the API’s error shape, changing nothing', async (value) => {
    const res = await put(value);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await app.request({ url: PATH, headers: admin })).json()).toMatchObject({ value: 0.9, changes: [] });
  });

  it('triages the next ticket with the new threshold, records it in the audit, and resets to the environment’s', async () => {
    const before = await ask(CLEAR);
    expect(before.ticket.status).toBe('AUTO_RESOLVED');
    expect(before.audit.thresholds).toMatchObject({ autoResolve: 0.9, source: 'environment' });

    const set = await put(0.99);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ value: 0.99, source: 'override', environment: 0.9 });
    expect(set.json().changes[0]).toMatchObject({ value: 0.99, changed_by: { name: expect.any(String) } });

    const strict = await ask(CLEAR);
    expect(strict.ticket).toMatchObject({ status: 'ESCALATED', escalation_reason: 'low_confidence' });
    expect(strict.audit.thresholds).toMatchObject({ autoResolve: 0.99, source: 'override' });
    expect(strict.audit.thresholds.used).toBeGreaterThanOrEqual(0.99);

    const reset = await app.request({ method: 'DELETE', url: PATH, headers: admin });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ value: 0.9, source: 'environment' });
    // Newest first: the reset, then the change, each with who and when.
    expect(reset.json().changes.map((c: { value: number | null }) => c.value)).toEqual([null, 0.99]);
    for (const c of reset.json().changes) expect(Date.parse(c.changed_at)).not.toBeNaN();

    const after = await ask(CLEAR);
    expect(after.ticket.status).toBe('AUTO_RESOLVED');
    expect(after.audit.thresholds).toMatchObject({ autoResolve: 0.9, source: 'environment' });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.request({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths[PATH])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
  });
});
