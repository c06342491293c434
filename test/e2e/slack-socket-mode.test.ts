// Socket Mode: no public URL; Firstline opens a WebSocket (apps.connections.open) and Slack sends
// envelopes over it. Here both ends of Slack are the local fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, TEAM } from '../fakes/fake-slack.js';

let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  app = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_APP_TOKEN: 'xapp-test-token',
    SLACK_AGENTS_CHANNEL: AGENTS_CHANNEL,
    SLACK_API_URL: fake.apiUrl,
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('Slack in Socket Mode', () => {
  it('takes /support over the socket, acks the envelope, and answers in the ticket’s thread', async () => {
    await fake.waitFor(() => fake.socketConnected);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    fake.sendEnvelope({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/support',
        text: 'I forgot my password and cannot log in',
        channel_id: 'C0SOCKET',
        user_id: 'U0SOCKETCUST',
        user_name: 'sam',
        team_id: TEAM,
        api_app_id: 'A0APP',
        response_url: fake.responseUrl('socket-1'),
        trigger_id: 'trigger-socket',
      },
    });
    const ack = await fake.waitFor(() => fake.socketFrames.find((f) => f.envelope_id === 'env-1'));
    expect(JSON.stringify(ack.payload)).toMatch(/Ticket #\d+ opened/);

    const header = await fake.waitFor(
      () => fake.callsTo('chat.postMessage', (b) => b.channel === 'C0SOCKET' && String(b.text).startsWith('Ticket #'))[0],
    );
    const answer = await fake.waitFor(
      () => fake.callsTo('chat.postMessage', (b) => b.channel === 'C0SOCKET' && b.thread_ts === header.response?.ts)[0],
    );
    const [ticket] = await app.running.services.db.prisma.ticket.findMany({ where: { chatChannelId: 'C0SOCKET' } });
    expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', source: 'SLACK', chatThreadId: header.response?.ts });
    expect(answer.body.text).toBe(ticket!.response);
    // Socket Mode serves no webhook: the HTTP route is not mounted.
    expect((await app.request({ method: 'POST', url: '/slack/events', payload: {} })).statusCode).toBe(404);
  });
});
