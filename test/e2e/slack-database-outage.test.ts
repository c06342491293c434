// PostgreSQL going away between Slack posting a message and Firstline recording it: the real
// service with the real Bolt app, on a PostgreSQL server of the test's own that the fake Slack
// stops right after it has made the post. The delivery's retry must find that post (by the key
// in its metadata) instead of posting it a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { FakeSlack, SlackRequests, type SlackCall } from '../fakes/fake-slack.js';

const AUTO = 'I forgot my password and cannot log in';
const OUTAGE_MS = 1500;

let fake: FakeSlack;
let pg: PrivatePostgres;
let app: TestApp;
let slack: SlackRequests;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  pg = await startPrivatePostgres();
  app = await startTestApp({
    DATABASE_URL: pg.url,
    ...fake.appEnv(),
  });
  slack = new SlackRequests(app.url, fake);
});
afterAll(async () => {
  fake.afterEffect = undefined;
  await app?.stop();
  pg?.remove();
  await fake?.stop();
});

/** Stops PostgreSQL once, right after the first post that `matches`, and starts it again a little later. */
function stopDatabaseAfter(matches: (call: SlackCall) => boolean): Promise<void> {
  return new Promise((outageOver) => {
    fake.afterEffect = async (call) => {
      if (call.method !== 'chat.postMessage' || !matches(call)) return;
      fake.afterEffect = undefined;
      pg.stop('immediate');
      setTimeout(() => {
        pg.start();
        outageOver();
      }, OUTAGE_MS);
    };
  });
}

const postsTo = (channel: string, threadTs?: string) =>
  fake
    .callsTo('chat.postMessage', (b) => b.channel === channel && (threadTs === undefined || b.thread_ts === threadTs))
    .filter((c) => c.status === 200);
const lookups = () => fake.calls.filter((c) => c.method === 'conversations.history' || c.method === 'conversations.replies');
const settle = () => new Promise((r) => setTimeout(r, 2500)); // a second post would show up by then

describe('a PostgreSQL outage between a Slack post and its record', () => {
  it('answers a DM exactly once: the retry finds the answer it posted before the database went down', async () => {
    const channel = 'D0PGOUTAGE';
    const outage = stopDatabaseAfter((call) => call.body.channel === channel);
    const ts = '1900000001.000100';
    const event = { type: 'message', channel_type: 'im', channel, user: 'U0CUSTPG1', text: AUTO, ts, event_ts: ts };
    expect((await slack.event(event)).status).toBe(200);
    await outage;

    const ticket = await eventually(async () => {
      const stored = await app.running.services.tickets.findByChatMessage('SLACK', channel, ts);
      return stored?.status === 'AUTO_RESOLVED' ? stored : null;
    }, 'the answered ticket');
    const [answer] = postsTo(channel);
    const record = await eventually(
      () => app.running.services.db.prisma.chatPost.findFirst({ where: { ticketId: ticket.id, purpose: { endsWith: ':customer' } } }),
      'the recorded answer',
    );
    await settle();

    expect(postsTo(channel)).toHaveLength(1);
    expect(record.messageId).toBe(answer!.response?.ts);
    expect(answer!.body.metadata).toEqual({ event_type: 'firstline_post', event_payload: { key: `${ticket.id}:${record.purpose}` } });
    expect(lookups().some((c) => c.body.channel === channel && c.body.include_all_metadata === 'true')).toBe(true);
  });

  it('posts the "Ticket #N" header of a /support conversation once, and answers in its thread once', async () => {
    const channel = 'C0PGOUTAGE';
    const outage = stopDatabaseAfter((call) => call.body.channel === channel && call.body.thread_ts === undefined);
    const res = await slack.command('/support', AUTO, 'U0CUSTPG2', channel).send();
    expect(res.status).toBe(200);
    await outage;

    const [header] = await fake.waitFor(() => (postsTo(channel).length > 0 ? postsTo(channel) : undefined));
    const threadTs = String(header!.response?.ts);
    const ticket = await eventually(async () => {
      const stored = await app.running.services.tickets.findByChatThread('SLACK', channel, threadTs);
      return stored?.status === 'AUTO_RESOLVED' ? stored : null;
    }, 'the ticket, its thread the header');
    await fake.waitFor(() => postsTo(channel, threadTs).length > 0 || undefined);
    await settle();

    expect(postsTo(channel).filter((c) => c.body.thread_ts === undefined)).toHaveLength(1);
    expect(postsTo(channel, threadTs)).toHaveLength(1);
    expect(String(header!.body.text)).toContain(`Ticket #${ticket.number}`);
  });
});
