// PostgreSQL going away under a running service: a server of the test's own is stopped and started
// again while the API and the worker run on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { eventually } from '../helpers/eventually.js';
import { ADMIN, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { querySql } from '../helpers/test-database.js';

let pg: PrivatePostgres;
let app: TestApp;
beforeAll(async () => {
  pg = await startPrivatePostgres();
  app = await startTestApp({ DATABASE_URL: pg.url });
});
afterAll(async () => {
  await app?.stop();
  pg?.remove();
});

const json = { 'content-type': 'application/json' };

describe('a PostgreSQL outage', () => {
  let user: Awaited<ReturnType<typeof signUp>>;
  let admin: Record<string, string>;

  it('answers 503 unavailable with Retry-After on every route while PostgreSQL is down, and /health names it', async () => {
    user = await signUp(app);
    admin = await logInAs(app, ADMIN.email, ADMIN.password);
    pg.stop();
    const requests = [
      { method: 'POST', url: '/tickets', headers: { ...user.auth, ...json }, payload: { message: 'my card was declined' } },
      { method: 'GET', url: '/tickets', headers: user.auth },
      { method: 'GET', url: '/tickets/00000000-0000-4000-8000-000000000000', headers: user.auth },
      { method: 'POST', url: '/auth/login', headers: json, payload: { email: user.email, password: 'x-password-1' } },
      { method: 'POST', url: '/auth/register', headers: json, payload: { email: 'new-one@example.com', password: 'a-long-password-1' } },
      { method: 'GET', url: '/auth/me', headers: user.auth },
      { method: 'GET', url: '/admin/metrics', headers: admin },
      { method: 'GET', url: '/admin/api-keys', headers: admin },
    ] as const;
    for (const req of requests) {
      const res = await app.request(req);
      expect({ route: `${req.method} ${req.url}`, status: res.statusCode }).toEqual({ route: `${req.method} ${req.url}`, status: 503 });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({
        error: {
          code: 'unavailable',
          message: expect.stringContaining('database'),
          details: { dependency: 'database', retryAfterSeconds: 5 },
        },
      });
      expect(res.body).not.toMatch(/127\.0\.0\.1|prisma|\n\s+at /i);
    }
    const health = await app.request({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().error.details.down).toEqual(['database']);
  });

  it('recovers by itself once PostgreSQL is back, without leaking connections', async () => {
    pg.start();
    await eventually(
      async () => (await app.request({ method: 'GET', url: '/health' })).statusCode === 200 || undefined,
      'a healthy service',
    );
    const created = await app.request({
      method: 'POST',
      url: '/tickets',
      headers: { ...user.auth, ...json },
      payload: { message: 'my card was declined' },
    });
    expect(created.statusCode).toBe(202);
    const connections = await querySql<{ n: number }>(pg.url, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = $1', [
      'client backend',
    ]);
    // The API's and the worker's pools (10 each at most) and this query's own connection.
    expect(connections[0]!.n).toBeLessThanOrEqual(21);
  });
});
