import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('GET /health', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('answers 200 with every check ok when PostgreSQL and Redis are up', async () => {
    const res = await app.request({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' }, breakers: {} });
  });

  it('needs no credentials', async () => {
    const res = await app.request({ method: 'GET', url: '/health', headers: { authorization: 'Bearer not-a-token' } });
    expect(res.statusCode).toBe(200);
  });

  it('runs without Slack and Discord when no tokens are set, says so once each, and serves no Slack route', async () => {
    const said = (msg: string) => app.logs.filter((line) => (JSON.parse(line) as { msg?: string }).msg === msg);
    expect(said('slack adapter off: neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID is set')).toHaveLength(1);
    expect(said('discord adapter off: DISCORD_TOKEN is not set')).toHaveLength(1);
    expect((await app.request({ method: 'POST', url: '/slack/events', payload: {} })).statusCode).toBe(404);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GET /health when Redis goes away', () => {
  // A Redis server of this file's own: the shared one on 6379 serves every other test file.
  let redis: PrivateRedis;
  let app: TestApp;
  /** app.stop(), given at most `ms`: whether it finished. */
  const stopWithin = (ms: number) => Promise.race([app.stop().then(() => true), sleep(ms).then(() => false)]);

  beforeAll(async () => {
    redis = await startPrivateRedis();
    app = await startTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    // Stopping is idempotent: a no-op when the last test already stopped the app. Bounded, so a
    // shutdown that hangs fails here instead of stalling the run.
    if (app) await stopWithin(15_000);
    await redis?.remove();
  });

  it('answers 503 naming redis once its Redis server is stopped', async () => {
    const up = await app.request({ method: 'GET', url: '/health' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' }, breakers: {} });

    await redis.stop();

    const down = await app.request({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/redis/i),
        details: { down: ['redis'], checks: { database: 'ok', redis: 'down' }, breakers: {} },
      },
    });
    // A 5xx carries no internals.
    expect(down.body).not.toMatch(/\n\s+at |node_modules|ECONNREFUSED/);
    // The failing dependency is logged for operators.
    const entries = app.logs.map((line) => JSON.parse(line) as { msg?: string; dependency?: string });
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'health check failed', dependency: 'redis' })]));
  });

  it('answers 200 again once Redis is back', async () => {
    await redis.start();
    let res = await app.request({ method: 'GET', url: '/health' });
    // The client reconnects with a backoff; ask until it has (at most ~15 s).
    for (let i = 0; i < 30 && res.statusCode !== 200; i++) {
      await sleep(500);
      res = await app.request({ method: 'GET', url: '/health' });
    }
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' }, breakers: {} });
  });

  it('still shuts down (API, worker, queue, database) while Redis is down', async () => {
    await redis.stop();
    expect(await stopWithin(15_000)).toBe(true);
    // The HTTP server is closed.
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });
});
