// Redis going away under a running service: a Redis server of the test's own is stopped (losing
// its data, as it has no persistence) and started again while the API and the worker run on it.
// The database is the source of truth on the way in: requests do not wait on Redis, and what was
// stored meanwhile is enqueued as soon as Redis is back.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_REDIS_TIMEOUT_MS } from '../../src/infra/queue/redis.js';
import { consoleSignIn } from '../helpers/console.js';
import { eventually } from '../helpers/eventually.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.js';
import { ADMIN, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const execFileAsync = promisify(execFile);

let redis: PrivateRedis;
let app: TestApp;
beforeAll(async () => {
  redis = await startPrivateRedis();
  // No periodic sweep during the test: only the sweep on Redis's return can enqueue what was stored.
  app = await startTestApp({ REDIS_URL: redis.url, SWEEP_INTERVAL_SECONDS: '3600', RETRAIN_DEBOUNCE_SECONDS: '0' });
});
afterAll(async () => {
  await Promise.race([app?.stop(), sleep(15_000)]);
  await redis?.remove();
});

/** The request, and how long it took over real HTTP. */
async function timed(path: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${app.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: performance.now() - started };
}

describe('a Redis outage', () => {
  const stored: string[] = [];
  let auth: Record<string, string>;

  it('stores and acknowledges tickets without waiting for Redis, signs people in, and answers ?wait at once', async () => {
    auth = (await signUp(app)).auth;
    await redis.stop();
    // Requests fail over to "Redis is down" at once or, at worst, after one command timeout.
    const bound = 2 * REQUEST_REDIS_TIMEOUT_MS;
    for (const message of ['I forgot my password', 'my invoice shows the wrong amount']) {
      const created = await timed('/tickets', { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify({ message }) });
      expect(created.status).toBe(202);
      expect(created.body).toMatchObject({ status: 'OPEN' });
      expect(created.ms).toBeLessThan(bound);
      stored.push(String(created.body.id));
    }
    const waited = await timed('/tickets?wait=10', {
      method: 'POST',
      headers: { ...auth, ...json },
      body: JSON.stringify({ message: 'how do I export my data' }),
    });
    expect(waited.status).toBe(202);
    expect(waited.body).toMatchObject({ status: 'OPEN' });
    expect(waited.ms).toBeLessThan(bound);
    stored.push(String(waited.body.id));

    // The login limiter counts in memory while Redis is down: sign-in works, and so does the limit.
    const login = await timed('/auth/login', { method: 'POST', headers: json, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    expect(login.ms).toBeLessThan(bound);
    const failures = [];
    for (let i = 0; i < 12; i++) {
      failures.push(
        (
          await timed('/auth/login', {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password-1' }),
          })
        ).status,
      );
    }
    expect(failures).toContain(401);
    expect(failures.at(-1)).toBe(429);
  });

  it('decides every ticket stored meanwhile once Redis is back, without waiting for the periodic sweep', async () => {
    await redis.start();
    for (const id of stored) {
      const ticket = await eventually(async () => {
        const res = await app.request({ method: 'GET', url: `/tickets/${id}`, headers: auth });
        const body = res.json<{ status: string }>();
        return body.status === 'OPEN' ? null : body;
      }, `ticket ${id} decided`);
      expect(ticket.status).not.toBe('OPEN');
    }
  });
});

describe('the web console while Redis is down', () => {
  it('answers a signed-in page 503 "temporarily unavailable" with Retry-After, and works again once Redis is back', async () => {
    const { cookie } = await consoleSignIn(app, ADMIN.email, ADMIN.password);
    expect((await app.request({ url: '/console/', headers: { cookie } })).statusCode).toBe(200);
    await redis.stop();
    try {
      const down = await app.request({ url: '/console/', headers: { cookie } });
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.headers['content-type']).toMatch(/text\/html/);
      expect(down.body).toContain('Temporarily unavailable (redis)');
    } finally {
      await redis.start();
    }
    // The session lived in the Redis that restarted without its data: signing in again works.
    await eventually(async () => (await app.request({ url: '/console/login' })).statusCode === 200, 'the sign-in page');
    const again = await consoleSignIn(app, ADMIN.email, ADMIN.password);
    expect((await app.request({ url: '/console/', headers: { cookie: again.cookie } })).statusCode).toBe(200);
  });
});

describe('a Redis that stalls', () => {
  it('answers ?wait with the stored ticket when Redis stops answering mid-wait, never with an error', async () => {
    // The API alone: no worker takes the job, so the request is still waiting when Redis stalls.
    const api = await startTestApp({ REDIS_URL: redis.url }, ['api']);
    try {
      const { auth } = await signUp(api);
      const waiting = fetch(`${api.url}/tickets?wait=6`, {
        method: 'POST',
        headers: { ...auth, ...json },
        body: JSON.stringify({ message: 'my export is stuck' }),
      });
      await sleep(500);
      // Redis answers nothing for 3 s: the wait's commands time out (REQUEST_REDIS_TIMEOUT_MS).
      const stall = execFileAsync('redis-cli', ['-p', String(redis.port), 'DEBUG', 'SLEEP', '3']);
      const res = await waiting;
      expect((await stall).stdout.trim()).toBe('OK'); // it did stall
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ status: 'OPEN' });
    } finally {
      await api.stop();
    }
  });
});
