import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/test-app.js';
import { escalate, openTicket } from '../helpers/tickets.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '6', LOGIN_WINDOW_SECONDS: '60' });
});
afterAll(() => app.stop());

const key = new TextEncoder().encode(TEST_JWT_SECRET);

async function token(
  claims: { sub: string; role: string },
  opts: { secret?: Uint8Array; audience?: string; issuer?: string; exp?: string | number } = {},
) {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer ?? 'firstline')
    .setAudience(opts.audience ?? 'firstline-api')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '1h')
    .sign(opts.secret ?? key);
}

describe('register and login', () => {
  it('registers a USER, logs in and reads /auth/me', async () => {
    const reg = await app.request({
      method: 'POST',
      url: '/auth/register',
      payload: { email: 'Mixed.Case@Example.com', password: 'long-enough-pw' },
    });
    expect(reg.statusCode).toBe(201);
    expect(reg.json().user).toMatchObject({ email: 'mixed.case@example.com', role: 'USER' });
    expect(reg.body).not.toContain('passwordHash');

    const login = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'MIXED.case@example.com', password: 'long-enough-pw' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600 });

    const me = await app.request({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${login.json().access_token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('mixed.case@example.com');
  });

  it('refuses a taken email whatever its case', async () => {
    await signUp(app, 'taken@example.com');
    const again = await app.request({
      method: 'POST',
      url: '/auth/register',
      payload: { email: 'TAKEN@example.com', password: 'long-enough-pw' },
    });
    expectError(again, 409, 'conflict');
  });

  it('names every invalid field', async () => {
    const res = await app.request({ method: 'POST', url: '/auth/register', payload: { email: 'not-an-email', password: 'short' } });
    expect(invalidFields(res)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
  });

  it('creates the admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const auth = await logInAs(app, ADMIN.email, ADMIN.password);
    const me = await app.request({ method: 'GET', url: '/auth/me', headers: auth });
    expect(me.json().user.role).toBe('ADMIN');
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    await signUp(app, 'known@example.com');
    const wrong = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'known@example.com', password: 'not-the-password' },
      remoteAddress: '10.9.9.1',
    });
    const unknown = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'nobody@example.com', password: 'not-the-password' },
      remoteAddress: '10.9.9.2',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });
});

describe('JWT verification', () => {
  let userId: string;
  beforeAll(async () => {
    userId = (await signUp(app)).id;
  });
  const me = (jwt: string) => app.request({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${jwt}` } });

  it('accepts a token signed with the right key, issuer and audience', async () => {
    expect((await me(await token({ sub: userId, role: 'USER' }))).statusCode).toBe(200);
  });

  it.each([
    [
      'alg none',
      () =>
        new UnsecuredJWT({ role: 'ADMIN' })
          .setSubject(userId)
          .setIssuer('firstline')
          .setAudience('firstline-api')
          .setExpirationTime('1h')
          .encode(),
    ],
    [
      'a wrong key',
      () => token({ sub: userId, role: 'ADMIN' }, { secret: new TextEncoder().encode('another-secret-another-secret-another-secret') }),
    ],
    ['an expired token', () => token({ sub: userId, role: 'USER' }, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a wrong audience', () => token({ sub: userId, role: 'USER' }, { audience: 'someone-else' })],
    ['a wrong issuer', () => token({ sub: userId, role: 'USER' }, { issuer: 'evil' })],
    ['garbage', () => Promise.resolve('not.a.jwt')],
  ])('rejects %s with 401 and the error shape', async (_name, make) => {
    const res = await me(await make());
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('rejects a token whose signature was tampered with to raise the role', async () => {
    const good = await token({ sub: userId, role: 'USER' });
    const [header, , signature] = good.split('.');
    const forged = Buffer.from(
      JSON.stringify({ role: 'ADMIN', sub: userId, iss: 'firstline', aud: 'firstline-api', exp: 9_999_999_999 }),
    ).toString('base64url');
    const res = await app.request({
      method: 'GET',
      url: '/admin/metrics',
      headers: { authorization: `Bearer ${header}.${forged}.${signature}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('checks who is asking before what they sent: 401 or 403 come before 400', async () => {
    const anonymous = await app.request({ method: 'POST', url: '/tickets', payload: { message: '' } });
    expect(anonymous.statusCode).toBe(401);
    const user = await signUp(app);
    const asUser = await app.request({ method: 'POST', url: '/admin/api-keys', headers: user.auth, payload: { bogus: true } });
    expect(asUser.statusCode).toBe(403);
  });

  it('requires a token at all', async () => {
    const res = await app.request({ method: 'GET', url: '/auth/me' });
    expectError(res, 401, 'unauthorized');
  });
});

describe('a token carries who signed in, not what they may do', () => {
  const setRole = async (userId: string, role: string) => {
    const res = await app.request({
      method: 'PATCH',
      url: `/admin/users/${userId}`,
      headers: await logInAs(app, ADMIN.email, ADMIN.password),
      payload: { role },
    });
    expect(res.statusCode).toBe(200);
  };

  it('refuses a demoted agent’s existing token at once, and honours it again when the role is given back', async () => {
    const agent = await createStaff(app, 'AGENT');
    const customer = await signUp(app);
    const ticket = await openTicket(app, customer.auth);
    await escalate(app, ticket.id);
    expect((await app.request({ method: 'GET', url: `/tickets/${ticket.id}`, headers: agent.auth })).statusCode).toBe(200);

    await setRole(agent.id, 'USER');
    const claim = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/claim`, headers: agent.auth });
    expectError(claim, 403, 'forbidden');
    expectError(await app.request({ method: 'GET', url: '/admin/incidents', headers: agent.auth }), 403, 'forbidden');
    // Seen as the customer they now are: someone else's ticket does not exist for them.
    expectError(await app.request({ method: 'GET', url: `/tickets/${ticket.id}`, headers: agent.auth }), 404, 'not_found');
    expect((await app.request({ method: 'GET', url: '/auth/me', headers: agent.auth })).json().user.role).toBe('USER');
    const stored = await app.running.services.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(stored).toMatchObject({ status: 'ESCALATED', assigneeId: null });

    await setRole(agent.id, 'AGENT');
    const again = await app.request({ method: 'POST', url: `/tickets/${ticket.id}/claim`, headers: agent.auth });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'IN_PROGRESS', assignee_id: agent.id });
  });

  it('does not let a token claim a higher role than the account has', async () => {
    const user = await signUp(app);
    const forged = await token({ sub: user.id, role: 'ADMIN' });
    expectError(
      await app.request({ method: 'GET', url: '/admin/metrics', headers: { authorization: `Bearer ${forged}` } }),
      403,
      'forbidden',
    );
  });

  it('answers 401 to the token of an account that was deleted', async () => {
    const user = await signUp(app);
    expect((await app.request({ method: 'GET', url: '/tickets', headers: user.auth })).statusCode).toBe(200);
    await app.running.services.db.prisma.user.delete({ where: { id: user.id } });
    for (const url of ['/auth/me', '/tickets']) {
      expectError(await app.request({ method: 'GET', url, headers: user.auth }), 401, 'unauthorized');
    }
  });
});

describe('login rate limit', () => {
  it('locks an account after repeated failures, with Retry-After, even for the right password', async () => {
    const { email } = await signUp(app);
    for (let i = 0; i < 3; i++) {
      const res = await app.request({
        method: 'POST',
        url: '/auth/login',
        payload: { email, password: 'wrong-password' },
        remoteAddress: `10.1.0.${i}`,
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password: 'correct-horse-battery' },
      remoteAddress: '10.1.0.99',
    });
    expectError(locked, 429, 'rate_limited');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('limits one IP trying many accounts', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < 6; i++) {
      const res = await app.request({
        method: 'POST',
        url: '/auth/login',
        payload: { email: `spray-${i}@example.com`, password: 'guess-guess' },
        remoteAddress: ip,
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'spray-new@example.com', password: 'guess-guess' },
      remoteAddress: ip,
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    const otherIp = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'spray-new@example.com', password: 'guess-guess' },
      remoteAddress: '10.2.0.2',
    });
    expect(otherIp.statusCode).toBe(401);
  });
});
