// The Slack API's circuit breaker through the real pipeline: Slack keeps failing, the breaker opens
// and short-circuits (Slack is not called), and the automatic answer the customer never saw sends
// its ticket to a person instead of counting as resolved. The state shows in /health and /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { FakeSlack, SlackRequests } from '../fakes/fake-slack.js';

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  app = await startTestApp({
    ...fake.appEnv(),
    OUTBOUND_RETRIES: '0',
    BREAKER_FAILURES: '3',
    BREAKER_COOLDOWN_SECONDS: '600',
    DELIVERY_ATTEMPTS: '2',
  });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('Slack circuit breaker', () => {
  it('opens while Slack fails, stops calling it, and the undelivered answer ends ESCALATED (delivery_failed)', async () => {
    // Slack is down: every Web API method answers 503.
    for (const method of ['chat.postMessage', 'conversations.replies', 'conversations.history']) {
      fake.script(method, { status: 503, body: { ok: false, error: 'service_unavailable' } }, 50);
    }
    const health = async () => (await app.request({ method: 'GET', url: '/health' })).json() as { breakers: Record<string, string> };
    expect((await health()).breakers).toEqual({ slack: 'closed' });

    const ts = '1800000001.000001';
    await slack.event({
      type: 'message',
      channel_type: 'im',
      channel: 'D0BREAK',
      user: 'U0CUSTB',
      text: 'I forgot my password and cannot log in',
      ts,
      event_ts: ts,
    });
    const opened = await eventually(() => app.running.services.tickets.findByChatMessage('SLACK', 'D0BREAK', ts), 'the ticket');

    // Answer, attempt 1 (post: 503) and 2 (looking for a post attempt 1 may have made: 503):
    // delivery failed → escalated → agents' post (503): open.
    const ticket = await untilStatus(app.running.services, opened.id, ['ESCALATED']);
    expect(ticket).toMatchObject({ escalationReason: 'delivery_failed', responseSource: 'TEMPLATE' });
    await eventually(async () => (await health()).breakers.slack === 'open', 'the slack breaker to open');
    const events = await app.running.services.tickets.listEvents(ticket.id);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['triaged', 'delivery_failed', 'escalated']));

    // The agents' post's second attempt is short-circuited: Slack sees 3 calls in all, never a 4th.
    await eventually(async () => {
      const failed = (await app.running.services.tickets.listEvents(ticket.id)).filter((e) => e.type === 'delivery_failed');
      return failed.length === 2 && failed;
    }, 'both deliveries to fail for good');
    expect(fake.calls.filter((c) => c.method !== 'auth.test').map((c) => c.method)).toEqual([
      'chat.postMessage',
      'conversations.replies',
      'chat.postMessage',
    ]);
    const last = (await app.running.services.tickets.listEvents(ticket.id)).filter((e) => e.type === 'delivery_failed').at(-1);
    expect(String((last!.data as { error: string }).error)).toMatch(/slack circuit is open/);

    const prometheus = await app.request({ method: 'GET', url: '/metrics' });
    expect(prometheus.body).toMatch(/firstline_circuit_breaker_state\{dependency="slack",state="open"\} 1/);
    expect(prometheus.body).toMatch(/firstline_circuit_breaker_state\{dependency="slack",state="closed"\} 0/);
  });
});
