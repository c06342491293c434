// Redis losing its data under the Slack bot: the real service with the real Bolt app, on a Redis
// server of the test's own (no persistence, so stopping it loses every job) and a database that
// outlives the service. Every conversation acknowledged must get its answer, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { FakeSlack, SlackRequests } from '../fakes/fake-slack.js';

const AUTO = 'I forgot my password and cannot log in';

let fake: FakeSlack;
let redis: PrivateRedis;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const apps: TestApp[] = [];

beforeAll(async () => {
  fake = await new FakeSlack().start();
  redis = await startPrivateRedis();
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const app of apps) await app.stop().catch(() => undefined);
  await redis?.remove();
  await database?.drop();
  await fake?.stop();
});

async function startService(): Promise<{ app: TestApp; slack: SlackRequests }> {
  const app = await startTestApp({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    ...fake.appEnv(),
    SWEEP_INTERVAL_SECONDS: '1',
    UNDELIVERED_GRACE_SECONDS: '1',
  });
  apps.push(app);
  return { app, slack: new SlackRequests(app.url, fake) };
}

let seq = 0;
const dm = (channel: string) => ({
  type: 'message',
  channel_type: 'im',
  channel,
  user: `U0CUST${(seq += 1)}`,
  text: AUTO,
  ts: `1900000${seq}.000100`,
  event_ts: `1900000${seq}.000100`,
});
const answersIn = (channel: string) => fake.callsTo('chat.postMessage', (b) => b.channel === channel).filter((c) => c.status === 200);

describe('Redis loses its data', () => {
  it('answers, exactly once, a conversation acknowledged while Redis was down', async () => {
    const { app, slack } = await startService();
    await redis.stop();
    const event = dm('D0REDISDOWN');
    expect((await slack.event(event)).status).toBe(200);
    const ticket = await eventually(
      () => app.running.services.tickets.findByChatMessage('SLACK', 'D0REDISDOWN', event.ts),
      'the stored ticket',
    );
    expect(ticket.status).toBe('OPEN');

    await redis.start();
    await fake.waitFor(() => answersIn('D0REDISDOWN').length > 0 || undefined);
    await new Promise((r) => setTimeout(r, 2500)); // a few more sweeps: a second answer would show up
    expect(answersIn('D0REDISDOWN')).toHaveLength(1);
  });

  it('answers, exactly once, a conversation whose answer was decided but whose delivery was lost with Redis', async () => {
    // Slack is down for this conversation, so its answer waits in Redis to be retried…
    fake.script('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' }, channel: 'D0LOST' }, 1000);
    const first = apps.at(-1)!;
    const event = dm('D0LOST');
    expect((await new SlackRequests(first.url, fake).event(event)).status).toBe(200);
    const ticket = await eventually(async () => {
      const stored = await first.running.services.tickets.findByChatMessage('SLACK', 'D0LOST', event.ts);
      return stored?.status === 'AUTO_RESOLVED' ? stored : null;
    }, 'the decided ticket');
    await fake.waitFor(() => fake.callsTo('chat.postMessage', (b) => b.channel === 'D0LOST').length > 0 || undefined);

    // …when the service stops and Redis restarts empty: every job is gone, the database remains.
    await first.stop();
    apps.pop();
    await redis.stop();
    await redis.start();
    fake.clearScripts();

    await startService();
    await fake.waitFor(() => answersIn('D0LOST').length > 0 || undefined);
    await new Promise((r) => setTimeout(r, 2500));
    const answers = answersIn('D0LOST');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body.text).toBe(ticket.response);
  });
});
