// Smart routing through the real pipeline and the Slack adapter (real Bolt against the fake Slack):
// urgent tickets, the urgent alert in Slack's incoming-webhook format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests } from '../fakes/fake-slack.js';
import { FakeWebhook } from '../fakes/fake-webhook.js';

let fake: FakeSlack;
let hook: FakeWebhook;
let app: TestApp;
let slack: SlackRequests;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  hook = await new FakeWebhook('slack').start();
  app = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-slack-signing-secret',
    SLACK_AGENTS_CHANNEL: AGENTS_CHANNEL,
    SLACK_API_URL: fake.apiUrl,
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_WEBHOOK_FORMAT: 'slack',
  });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await hook?.stop();
  await fake?.stop();
});

let tsSeq = 0;
/** A customer's DM to the bot, and the ticket it opens. */
async function dm(user: string, text: string, channel = `D0${user}`) {
  const ts = `1800001${String((tsSeq += 1)).padStart(3, '0')}.000001`;
  expect((await slack.event({ type: 'message', channel_type: 'im', channel, user, text, ts, event_ts: ts })).status).toBe(200);
  const ticket = await eventually(() => app.running.services.tickets.findByChatMessage('SLACK', channel, ts), `the ticket of ${ts}`);
  return { ticket, channel, ts };
}

describe('urgent tickets', () => {
  it('makes an outage P1, escalates it under the default policy, shows it to agents and posts one Slack alert', async () => {
    const { ticket, channel, ts } = await dm('U0URGENT', 'Your service is down and we are losing money, fix this ASAP!!');
    const escalated = await untilStatus(app.running.services, ticket.id, ['ESCALATED']);
    expect(escalated).toMatchObject({ priority: 'P1', urgency: 'CRITICAL', escalationReason: 'urgent' });

    const agentsPost = await fake.waitFor(() => fake.callsTo('chat.postMessage', (b) => b.channel === AGENTS_CHANNEL && JSON.stringify(b.blocks).includes(`#${ticket.number}`))[0]);
    expect(JSON.stringify(agentsPost.body.blocks)).toContain('P1');
    await fake.waitFor(() => fake.callsTo('chat.postMessage', (b) => b.channel === channel && b.thread_ts === ts)[0]);

    const alert = await eventually(async () => hook.calls[0], 'the alert');
    expect(alert.body.text).toBe(`🚨 Urgent ticket #${ticket.number} (P1): Your service is down and we are losing money, fix this ASAP!!`);
    expect(JSON.stringify(alert.body.blocks)).toContain('*Status:* escalated (urgent)');
    expect(hook.calls).toHaveLength(1);
  });
});
