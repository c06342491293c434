// The console's Tuning page through inject on the real service: admins only, the intents with
// their examples and thresholds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSignIn, type ConsoleSession } from '../helpers/console.js';
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
