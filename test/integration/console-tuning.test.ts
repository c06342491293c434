// The console's Tuning page through inject on the real service: admins only, the intents with
// their examples and thresholds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSignIn, form, FORM, type ConsoleSession } from '../helpers/console.js';
import { ADMIN, createStaff, logInAs, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: ConsoleSession;
let agent: ConsoleSession;

beforeAll(async () => {
  app = await startTestApp();
  admin = await consoleSignIn(app, ADMIN.email, ADMIN.password);
  const staff = await createStaff(app, 'AGENT');
  agent = await consoleSignIn(app, staff.email, staff.password);
});

afterAll(async () => {
  await app?.stop();
});

describe('Tuning page', () => {
  it('shows admins every intent with its examples and threshold, and a Tuning link in the nav', async () => {
    const page = await app.request({ url: '/console/tuning', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/console/tuning" aria-current="page">Tuning</a>');
    expect(page.body).toContain('<th scope="row">unknown</th>');
    const intents = (await app.request({ url: '/admin/intents', headers: await adminBearer() })).json().items as { name: string }[];
    for (const { name } of intents) expect(page.body).toContain(`<th scope="row">${name}</th>`);
  });

  it('refuses agents, and leaves the Tuning link out of their nav', async () => {
    const page = await app.request({ url: '/console/tuning', headers: { cookie: agent.cookie } });
    expect(page.statusCode).toBe(403);
    const inbox = await app.request({ url: '/console/', headers: { cookie: agent.cookie } });
    expect(inbox.body).not.toContain('/console/tuning');
  });
});

const adminBearer = () => logInAs(app, ADMIN.email, ADMIN.password);

async function post(session: ConsoleSession, url: string, fields: Record<string, string>) {
  return app.request({
    method: 'POST',
    url,
    headers: { ...FORM, cookie: session.cookie },
    payload: form({ _csrf: session.csrf, ...fields }),
  });
}

describe('changing the threshold from the console', () => {
  it('saves a valid threshold as the admin, shows it in force with the change, and the API agrees', async () => {
    const saved = await post(admin, '/console/tuning/threshold', { value: '0.85' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/console/tuning?saved=threshold');
    const page = await app.request({ url: '/console/tuning?saved=threshold', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('<p class="notice" role="status">Threshold saved.</p>');
    expect(page.body).toContain('answer confidence is at least <strong>0.85</strong>');
    expect(page.body).toMatch(/set to 0\.85 by admin@firstline\.test/);
    const api = (await app.request({ url: '/admin/settings/auto-resolve-threshold', headers: await adminBearer() })).json();
    expect(api).toMatchObject({ value: 0.85, source: 'override' });

    const reset = await post(admin, '/console/tuning/threshold/reset', {});
    expect(reset.headers.location).toBe('/console/tuning?saved=reset');
    const after = (await app.request({ url: '/admin/settings/auto-resolve-threshold', headers: await adminBearer() })).json();
    expect(after).toMatchObject({ value: 0.9, source: 'environment' });
    expect(after.changes.map((c: { value: number | null }) => c.value)).toEqual([null, 0.85]);
  });

  it.each(['0.3', '1', 'abc', ''])('refuses %j with 400, the message tied to the field, changing nothing', async (value) => {
    const before = (await app.request({ url: '/admin/settings/auto-resolve-threshold', headers: await adminBearer() })).json();
    const res = await post(admin, '/console/tuning/threshold', { value });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aria-invalid="true" aria-describedby="threshold-error"');
    expect(res.body).toMatch(/<p id="threshold-error" class="alert" role="alert">Enter a number/);
    const after = (await app.request({ url: '/admin/settings/auto-resolve-threshold', headers: await adminBearer() })).json();
    expect(after.changes).toHaveLength(before.changes.length);
  });

  it('refuses a change without the CSRF token, and an agent’s with 403', async () => {
    const noToken = await app.request({
      method: 'POST',
      url: '/console/tuning/threshold',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ value: '0.8' }),
    });
    expect(noToken.statusCode).toBe(403);
    expect((await post(agent, '/console/tuning/threshold', { value: '0.8' })).statusCode).toBe(403);
    expect((await post(agent, '/console/tuning/threshold/reset', {})).statusCode).toBe(403);
    const api = (await app.request({ url: '/admin/settings/auto-resolve-threshold', headers: await adminBearer() })).json();
    expect(api.changes.some((c: { value: number | null }) => c.value === 0.8)).toBe(false);
  });

  it('shows the shadow curve’s state for the chosen window', async () => {
    const page = await app.request({ url: '/console/tuning?window=7d', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="7d" selected>');
    expect(page.body).toContain('No shadow-mode ticket has been answered by an agent in this window.');
  });
});
