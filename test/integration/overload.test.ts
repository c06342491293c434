// Past what the process can take, new requests get a fast 503 with Retry-After instead of waiting.
// The overload is made real: this test blocks the event loop the service runs on (it is the same
// process), as a burst of work would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/assertions.js';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ HTTP_MAX_EVENT_LOOP_DELAY_MS: '50' });
});
afterAll(() => app.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the event loop busy, as a burst of work would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('overload', () => {
  it('answers new requests 503 unavailable with Retry-After while the event loop is late, lets health through, and serves again after', async () => {
    const user = await signUp(app);
    const create = () =>
      app.request({
        method: 'POST',
        url: '/tickets',
        headers: { ...user.auth, 'content-type': 'application/json' },
        payload: { message: 'I forgot my password' },
      });

    // Busy spells longer than the sampling interval, until a request meets the late loop: after one
    // spell, the sampler may run before the delay is recorded (both timers are overdue) and see none.
    let shed = await create();
    for (let spell = 0; spell < 5 && shed.statusCode !== 503; spell += 1) {
      busyFor(700);
      await sleep(20);
      shed = await create();
    }
    expectError(shed, 503, 'unavailable');
    expect(shed.headers['retry-after']).toBe('2');
    expect(shed.json().error.details).toEqual({ reason: 'overloaded', retryAfterSeconds: 2 });
    expect((await app.request({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    // Two quiet samples later it takes work again.
    await sleep(1200);
    expect((await create()).statusCode).toBe(202);
  });
});

describe('a pipeline backlog', () => {
  let apiOnly: TestApp;
  beforeAll(async () => {
    // The API alone: nothing decides tickets, so every ticket opened stays in the backlog.
    apiOnly = await startTestApp({ TRIAGE_BACKLOG_MAX: '5' }, ['api']);
  });
  afterAll(() => apiOnly.stop());

  it('refuses new API tickets with 503 and Retry-After while the backlog is full, serves the rest, and takes tickets again once it drains', async () => {
    const user = await signUp(apiOnly);
    const create = () =>
      apiOnly.request({
        method: 'POST',
        url: '/tickets',
        headers: { ...user.auth, 'content-type': 'application/json' },
        payload: { message: 'I forgot my password' },
      });
    for (let i = 0; i < 5; i += 1) expect((await create()).statusCode).toBe(202);
    await apiOnly.running.services.queue.enqueued();

    // The backlog is sampled a few times a second: a ticket or two more may get in first.
    await expect.poll(async () => (await create()).statusCode, { timeout: 5000, interval: 100 }).toBe(503);
    const stored = async () =>
      (await apiOnly.request({ method: 'GET', url: '/tickets?limit=100', headers: user.auth })).json().items.length as number;
    const before = await stored();
    const refused = await create();
    expectError(refused, 503, 'unavailable');
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json().error.details).toEqual({ reason: 'backlog', retryAfterSeconds: 5 });
    expect(await stored()).toBe(before);

    await apiOnly.running.services.queue.queue.drain();
    await expect.poll(async () => (await create()).statusCode, { timeout: 5000, interval: 100 }).toBe(202);
  });
});
