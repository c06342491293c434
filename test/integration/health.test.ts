import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.js';
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
    expect(said('slack adapter off: SLACK_BOT_TOKEN is not set')).toHaveLength(1);
    expect(said('discord adapter off: DISCORD_TOKEN is not set')).toHaveLength(1);
    expect((await app.request({ method: 'POST', url: '/slack/events', payload: {} })).statusCode).toBe(404);
  });
});

/** Whether a Redis server on the port answers PING. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when the process has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A throwaway redis-server on the port, once it answers PING. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  for (let i = 0; i < 100; i++) {
    if (await Promise.race([answersPing(port), spawnFailed])) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port}`);
}

describe('GET /health when Redis goes away', () => {
  // A Redis server of this file's own: the shared one on 6379 serves every other test file.
  const children: ChildProcess[] = [];
  let redis: ChildProcess;
  let port: number;
  let app: TestApp;

  const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  async function stopRedis(): Promise<void> {
    redis.kill('SIGTERM');
    await exited(redis);
    expect(await answersPing(port)).toBe(false);
  }
  async function restartRedis(): Promise<void> {
    if (running(redis)) return;
    redis = await startRedis(port);
    children.push(redis);
  }
  /** app.stop(), given at most `ms`: whether it finished. */
  const stopWithin = (ms: number) => Promise.race([app.stop().then(() => true), sleep(ms).then(() => false)]);

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    children.push(redis);
    app = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    // Stopping is idempotent: a no-op when the last test already stopped the app. Bounded, so a
    // shutdown that hangs fails here instead of stalling the run.
    if (app) await stopWithin(15_000);
    for (const child of children.filter(running)) {
      child.kill('SIGKILL');
      await exited(child);
    }
  });

  it('answers 503 naming redis once its Redis server is stopped', async () => {
    const up = await app.request({ method: 'GET', url: '/health' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' }, breakers: {} });

    await stopRedis();

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
    await restartRedis();
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
    if (running(redis)) await stopRedis();
    expect(await stopWithin(15_000)).toBe(true);
    // The HTTP server is closed.
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });
});
