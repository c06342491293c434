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
      app.request({ method: 'POST', url: '/tickets', headers: { ...user.auth, 'content-type': 'application/json' }, payload: { message: 'I forgot my password' } });

    busyFor(1200);
    await sleep(20); // the load sampler runs first
    const shed = await create();
    expectError(shed, 503, 'unavailable');
    expect(shed.headers['retry-after']).toBe('2');
    expect(shed.json().error.details).toEqual({ reason: 'overloaded', retryAfterSeconds: 2 });
    expect((await app.request({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    // Two quiet samples later it takes work again.
    await sleep(1200);
    expect((await create()).statusCode).toBe(202);
  });
});
