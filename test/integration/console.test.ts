// The web console through inject on the real service (PostgreSQL, Redis, the worker): sign-in and
// its refusals, the session cookie, CSRF, access read again on every request, the inbox and ticket
// pages and their actions, and the JSON API left as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { HTMX_PATH } from '../../src/http/console/htmx-asset.js';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { consoleSignIn, cookiesOf, csrfOf, form, FORM } from '../helpers/console.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';

let app: TestApp;
let adminAuth: Record<string, string>;
let agent: Awaited<ReturnType<typeof createStaff>>;
let customer: Awaited<ReturnType<typeof signUp>>;

async function escalatedTicket(message = HUMAN): Promise<Ticket> {
  const res = await app.request({ method: 'POST', url: '/tickets', headers: customer.auth, payload: { message } });
  expect(res.statusCode).toBe(202);
  return untilStatus(app.running.services, res.json().id, ['ESCALATED']);
}

beforeAll(async () => {
  // TRUST_PROXY: a TLS proxy's X-Forwarded-Proto says the request was HTTPS (the Secure cookie).
  app = await startTestApp({ TRUST_PROXY: 'true' });
  adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
  agent = await createStaff(app, 'AGENT');
  customer = await signUp(app);
});

afterAll(async () => {
  await app?.stop();
});

describe('signed out', () => {
  it('sends every page to the sign-in form, htmx requests through HX-Redirect, and changes nothing', async () => {
    const page = await app.request({ url: '/console/' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/console/login');
    const htmx = await app.request({ url: '/console/inbox/counts', headers: { 'hx-request': 'true' } });
    expect(htmx.statusCode).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/console/login');
    const ticket = await escalatedTicket();
    const claim = await app.request({ method: 'POST', url: `/console/tickets/${ticket.number}/claim`, headers: FORM, payload: '' });
    expect(claim.statusCode).toBe(303);
    expect((await app.running.services.tickets.findById(ticket.id))?.status).toBe('ESCALATED');
  });

  it('serves the sign-in form with security headers, and htmx and the stylesheet from the service itself', async () => {
    const page = await app.request({ url: '/console/login' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<label for="email">Email</label>');
    expect(page.body).toContain(`src="${HTMX_PATH}"`);
    const htmx = await app.request({ url: HTMX_PATH });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.headers['content-type']).toMatch(/javascript/);
    expect(htmx.body).toContain('htmx');
    expect((await app.request({ url: '/console/assets/console.css' })).statusCode).toBe(200);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax cookie scoped to /console, with a new session id, Secure only over HTTPS', async () => {
    const page = await app.request({ url: '/console/login' });
    const { res, cookie } = await consoleSignIn(app, agent.email, agent.password);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^fl_console=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\/console/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(cookie).not.toBe(cookiesOf(page));

    const tls = await consoleSignIn(app, agent.email, agent.password, { 'x-forwarded-proto': 'https' });
    expect(tls.res.statusCode).toBe(303);
    expect(String(tls.res.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('refuses a wrong password and an unknown email alike, and a customer with a clear message', async () => {
    const wrong = await consoleSignIn(app, agent.email, 'not-the-password');
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.body).toContain('Wrong email or password.');
    const unknown = await consoleSignIn(app, 'nobody@example.com', 'not-the-password');
    expect(unknown.res.statusCode).toBe(401);
    expect(unknown.res.body).toContain('Wrong email or password.');

    const refused = await consoleSignIn(app, customer.email, 'correct-horse-battery');
    expect(refused.res.statusCode).toBe(403);
    expect(refused.res.body).toContain('This is a customer account: the console is for agents and admins.');
    expect(refused.cookie).toBe('');
    // The anonymous session it had holds no user: the inbox is still out of reach.
    const page = await app.request({ url: '/console/login' });
    const retry = await app.request({
      method: 'POST',
      url: '/console/login',
      headers: { ...FORM, cookie: cookiesOf(page) },
      payload: form({ _csrf: csrfOf(page.body), email: customer.email, password: 'correct-horse-battery' }),
    });
    expect(retry.statusCode).toBe(403);
    expect((await app.request({ url: '/console/', headers: { cookie: cookiesOf(page) } })).statusCode).toBe(303);
  });

  it('keeps the login limits of the API: past them, 429 with Retry-After', async () => {
    const target = await createStaff(app, 'AGENT');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await consoleSignIn(app, target.email, 'wrong-password')).res.statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await consoleSignIn(app, target.email, target.password);
    expect(limited.res.statusCode).toBe(429);
    expect(Number(limited.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.res.body).toContain('Too many failed sign-ins');
  });

  it('signs out: the session is gone from Redis, so the old cookie is worth nothing', async () => {
    const { cookie, csrf } = await consoleSignIn(app, agent.email, agent.password);
    const out = await app.request({ method: 'POST', url: '/console/logout', headers: { ...FORM, cookie }, payload: form({ _csrf: csrf }) });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/console/login');
    expect((await app.request({ url: '/console/', headers: { cookie } })).statusCode).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses every state-changing request without the session’s token with 403 and an HTML message', async () => {
    const ticket = await escalatedTicket();
    const { cookie, csrf } = await consoleSignIn(app, agent.email, agent.password);
    const other = await consoleSignIn(app, agent.email, agent.password);
    const urls = [
      '/console/logout',
      ...['claim', 'release', 'resolve', 'solution/confirm'].map((a) => `/console/tickets/${ticket.number}/${a}`),
    ];
    for (const url of urls) {
      const without = await app.request({ method: 'POST', url, headers: { ...FORM, cookie }, payload: form({ response: 'Hi' }) });
      expect(without.statusCode, url).toBe(403);
      expect(without.headers['content-type']).toMatch(/text\/html/);
      expect(without.body).toContain('This form has expired or did not come from the console.');
      const wrongSession = await app.request({ method: 'POST', url, headers: { ...FORM, cookie }, payload: form({ _csrf: other.csrf }) });
      expect(wrongSession.statusCode, url).toBe(403);
      const htmx = await app.request({ method: 'POST', url, headers: { cookie, 'hx-request': 'true', 'x-csrf-token': 'forged' } });
      expect(htmx.statusCode, url).toBe(403);
      expect(htmx.headers['hx-retarget']).toBe('#flash');
    }
    const elsewhere = await app.request({
      method: 'POST',
      url: `/console/tickets/${ticket.number}/claim`,
      headers: { ...FORM, cookie, origin: 'https://evil.example' },
      payload: form({ _csrf: csrf }),
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.body).toContain('This request came from another site.');
    expect((await app.running.services.tickets.findById(ticket.id))?.status).toBe('ESCALATED');
    // Still signed in: the refusals did not end the session.
    expect((await app.request({ url: '/console/', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('access is read on every request', () => {
  it('a demoted agent loses the console at once, and their session with it', async () => {
    const staff = await createStaff(app, 'AGENT');
    const { cookie } = await consoleSignIn(app, staff.email, staff.password);
    expect((await app.request({ url: '/console/', headers: { cookie } })).statusCode).toBe(200);
    const demote = await app.request({ method: 'PATCH', url: `/admin/users/${staff.id}`, headers: adminAuth, payload: { role: 'USER' } });
    expect(demote.statusCode).toBe(200);
    const refused = await app.request({ url: '/console/', headers: { cookie } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Your account no longer has access to the console.');
    // Made an agent again, the old session does not come back.
    await app.request({ method: 'PATCH', url: `/admin/users/${staff.id}`, headers: adminAuth, payload: { role: 'AGENT' } });
    expect((await app.request({ url: '/console/', headers: { cookie } })).statusCode).toBe(303);
  });

  it('a deleted account’s session ends', async () => {
    const staff = await createStaff(app, 'AGENT');
    const { cookie } = await consoleSignIn(app, staff.email, staff.password);
    await app.running.services.db.prisma.user.delete({ where: { id: staff.id } });
    const res = await app.request({ url: '/console/', headers: { cookie } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/login');
  });
});

describe('inbox and ticket pages', () => {
  it('filters, counts per status, paginates, and claims from the list through htmx', async () => {
    const marker = `zebra-${Date.now()}`;
    const mine = await escalatedTicket(`${HUMAN} (${marker.toUpperCase()})`);
    const { cookie, csrf } = await consoleSignIn(app, agent.email, agent.password);

    const found = await app.request({ url: `/console/?q=${marker}&status=ESCALATED`, headers: { cookie } });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`id="ticket-${mine.number}"`);
    expect(found.body.match(/<tr id="ticket-/g)).toHaveLength(1);
    expect(found.body).toMatch(/Escalated <span class="count">1<\/span>/);
    const none = await app.request({ url: `/console/?q=${marker}&status=RESOLVED`, headers: { cookie } });
    expect(none.body).toContain('No tickets match these filters.');
    const bad = await app.request({ url: '/console/?status=NOPE', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);

    const claim = await app.request({
      method: 'POST',
      url: `/console/tickets/${mine.number}/claim`,
      headers: { cookie, 'hx-request': 'true', 'x-csrf-token': csrf },
    });
    expect(claim.statusCode).toBe(200);
    expect(claim.body).toMatch(new RegExp(`^<tr id="ticket-${mine.number}">`));
    expect(claim.body).toContain('<td>You</td>');
    expect(claim.body).not.toContain('<html');
    const claimed = await app.running.services.tickets.findById(mine.id);
    expect(claimed).toMatchObject({ status: 'IN_PROGRESS', assigneeId: agent.id });

    const again = await app.request({
      method: 'POST',
      url: `/console/tickets/${mine.number}/claim`,
      headers: { cookie, 'hx-request': 'true', 'x-csrf-token': csrf },
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('The ticket is already claimed.');

    const minePage = await app.request({ url: `/console/?assignee=me&q=${marker}`, headers: { cookie } });
    expect(minePage.body).toContain(`id="ticket-${mine.number}"`);
    const unassigned = await app.request({ url: `/console/?assignee=unassigned&q=${marker}`, headers: { cookie } });
    expect(unassigned.body).toContain('No tickets match these filters.');
    const counts = await app.request({ url: `/console/inbox/counts?q=${marker}`, headers: { cookie } });
    expect(counts.body).toMatch(/In progress <span class="count">1<\/span>/);

    const older = await escalatedTicket();
    await escalatedTicket();
    const first = await app.request({ url: '/console/?status=ESCALATED', headers: { cookie } });
    expect(first.body).not.toContain('rel="next"');
    const paged = await app.request({ url: `/console/?status=ESCALATED&cursor=${older.number + 1}`, headers: { cookie } });
    expect(paged.body).toContain(`id="ticket-${older.number}"`);
    expect(paged.body).toContain('First page');
  });

  it('sorts most urgent first, newest first within a priority, and pages on in that order', async () => {
    const marker = `ibis-${Date.now()}`;
    const made = [];
    for (const priority of ['P3', 'P1', 'P3', 'P2'] as const) {
      const ticket = await escalatedTicket(`${HUMAN} (${marker})`);
      await app.running.services.db.prisma.ticket.update({ where: { id: ticket.id }, data: { priority } });
      made.push({ number: ticket.number, priority });
    }
    const { cookie } = await consoleSignIn(app, agent.email, agent.password);
    const numbersOf = (body: string) => [...body.matchAll(/<tr id="ticket-(\d+)"/g)].map((m) => Number(m[1]));
    const [p3old, p1, p3new, p2] = made.map((t) => t.number);
    const all = await app.request({ url: `/console/?q=${marker}&sort=priority`, headers: { cookie } });
    expect(numbersOf(all.body)).toEqual([p1, p2, p3new, p3old]);
    expect(all.body).toContain('Tickets, most urgent first');
    // The page after P2's ticket starts with the newest P3 one.
    const next = await app.request({ url: `/console/?q=${marker}&sort=priority&cursor=P2-${p2}`, headers: { cookie } });
    expect(numbersOf(next.body)).toEqual([p3new, p3old]);
    const newest = await app.request({ url: `/console/?q=${marker}`, headers: { cookie } });
    expect(numbersOf(newest.body)).toEqual([p2, p3new, p1, p3old]);
    expect((await app.request({ url: `/console/?sort=urgent`, headers: { cookie } })).statusCode).toBe(400);
    expect((await app.request({ url: `/console/?cursor=P9-12`, headers: { cookie } })).statusCode).toBe(400);
  });

  it('filters by SLA state: tickets with a running timer at risk, or past its target', async () => {
    const marker = `okapi-${Date.now()}`;
    const [atRisk, breached, stopped] = [
      await escalatedTicket(`${HUMAN} (${marker} one)`),
      await escalatedTicket(`${HUMAN} (${marker} two)`),
      await escalatedTicket(`${HUMAN} (${marker} three)`),
    ];
    // The service's SLA watch stores each escalation's timers after its decision; then their states are set here.
    const prisma = app.running.services.db.prisma;
    for (const ticket of [atRisk, breached, stopped])
      await eventually(async () => (await prisma.slaTimer.count({ where: { ticketId: ticket.id } })) > 0, 'the SLA timers');
    const setState = (ticketId: string, state: string, stoppedAt: Date | null) =>
      prisma.slaTimer.updateMany({ where: { ticketId }, data: { state, breached: state === 'breached', stoppedAt } });
    await setState(atRisk.id, 'at_risk', null);
    await setState(breached.id, 'breached', null);
    await setState(stopped.id, 'met', new Date());
    const { cookie } = await consoleSignIn(app, agent.email, agent.password);
    const rowsOf = async (sla: string) => {
      const page = await app.request({ url: `/console/?q=${marker}&sla=${sla}`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      return [...page.body.matchAll(/<tr id="ticket-(\d+)"/g)].map((m) => Number(m[1]));
    };
    expect(await rowsOf('at_risk')).toEqual([atRisk.number]);
    expect(await rowsOf('breached')).toEqual([breached.number]);
    const bad = await app.request({ url: '/console/?sla=late', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
  });

  it('shows a ticket with its decision and audit trail; release, resolve and confirm go through the use cases', async () => {
    const ticket = await escalatedTicket();
    const { cookie, csrf } = await consoleSignIn(app, agent.email, agent.password);
    const page = await app.request({ url: `/console/tickets/${ticket.number}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>Ticket #${ticket.number}</h1>`);
    expect(page.body).toContain('Decision and evidence');
    expect(page.body).toContain('Escalate: Customer requested human');
    expect(page.body).toContain('Audit trail');
    expect(page.body).toContain('Created');
    expect(page.body).toContain('Claim this ticket');

    const post = (action: string, fields: Record<string, string> = {}) =>
      app.request({
        method: 'POST',
        url: `/console/tickets/${ticket.number}/${action}`,
        headers: { ...FORM, cookie },
        payload: form({ _csrf: csrf, ...fields }),
      });
    const claimed = await post('claim');
    expect(claimed.statusCode).toBe(303);
    expect(claimed.headers.location).toBe(`/console/tickets/${ticket.number}?done=claimed`);
    expect((await app.request({ url: claimed.headers.location as string, headers: { cookie } })).body).toContain(
      'You claimed this ticket.',
    );
    expect((await post('release')).statusCode).toBe(303);
    expect((await app.running.services.tickets.findById(ticket.id))?.status).toBe('ESCALATED');

    const empty = await post('resolve', { response: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('The answer must not be empty.');
    const resolved = await post('resolve', { response: 'We refunded the second charge.', intent: 'billing_refund' });
    expect(resolved.headers.location).toBe(`/console/tickets/${ticket.number}?done=resolved`);
    expect(await app.running.services.tickets.findById(ticket.id)).toMatchObject({
      status: 'RESOLVED',
      response: 'We refunded the second charge.',
      labelledIntent: 'billing_refund',
    });
    const after = await app.request({ url: `/console/tickets/${ticket.number}`, headers: { cookie } });
    expect(after.body).toContain('We refunded the second charge.');
    expect(after.body).toContain('Nothing to do');
    const confirmed = await post('solution/confirm');
    expect(confirmed.headers.location).toBe(`/console/tickets/${ticket.number}?done=confirmed`);
  });

  it('answers an unknown ticket and an unknown page with a 404 page', async () => {
    const { cookie } = await consoleSignIn(app, agent.email, agent.password);
    const missing = await app.request({ url: '/console/tickets/999999', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('No such ticket.');
    const nowhere = await app.request({ url: '/console/nowhere', headers: { cookie } });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('the JSON API is unchanged', () => {
  it('still takes JSON only, keeps its error shape, sets no cookie and ignores the console’s', async () => {
    const { cookie } = await consoleSignIn(app, agent.email, agent.password);
    const formPost = await app.request({ method: 'POST', url: '/tickets', headers: { ...FORM, ...customer.auth }, payload: 'message=hi' });
    expect(formPost.statusCode).toBe(415);
    expect(formPost.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const withCookie = await app.request({ url: '/tickets', headers: { cookie } });
    expect(withCookie.statusCode).toBe(401);
    expect(withCookie.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const listed = await app.request({ url: '/tickets', headers: customer.auth });
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['set-cookie']).toBeUndefined();
    const notFound = await app.request({ url: '/nowhere' });
    expect(notFound.json()).toMatchObject({ error: { code: 'not_found' } });
    const openapi = await app.request({ url: '/openapi.json' });
    expect(Object.keys(openapi.json().paths).some((p) => p.startsWith('/console'))).toBe(false);
  });
});
