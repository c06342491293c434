// Urgent alerts through the real pipeline: an urgent ticket is posted once to the webhook (Discord
// format here; Slack's is covered with the Slack adapter), failed posts are retried, and a failing
// webhook never holds up or fails the ticket.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { TicketView } from '../helpers/tickets.js';
import { FakeWebhook } from '../fakes/fake-webhook.js';

const URGENT = 'URGENT: checkout is down and customers are being charged twice!';

let hook: FakeWebhook;
let app: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  hook = await new FakeWebhook('discord').start();
  app = await startTestApp({ ALERT_WEBHOOK_URL: hook.url, ALERT_WEBHOOK_FORMAT: 'discord', OUTBOUND_RETRIES: '2' });
  ({ auth } = await signUp(app));
});
afterAll(async () => {
  await app?.stop();
  await hook?.stop();
});
afterEach(() => {
  hook.calls.length = 0;
});

async function ask(message: string): Promise<TicketView> {
  const res = await app.request({ method: 'POST', url: '/tickets?wait=10', headers: auth, payload: { message } });
  expect(res.statusCode).toBe(200);
  return res.json<TicketView>();
}

const eventTypes = async (id: string) => (await app.running.services.tickets.listEvents(id)).map((e) => e.type);

describe('urgent alerts', () => {
  it('posts an urgent ticket once, as a Discord embed, after it is escalated; a calm one is not posted', async () => {
    const calm = await ask('How do I change my avatar?');
    const urgent = await ask(URGENT);
    expect(urgent).toMatchObject({ priority: 'P1', status: 'ESCALATED', escalation_reason: 'urgent' });

    const call = await eventually(async () => hook.calls[0], 'the alert');
    const embed = (call.body.embeds as { title: string; description: string; fields: { name: string; value: string }[] }[])[0]!;
    expect(embed.title).toBe(`🚨 Urgent ticket #${urgent.number} (P1)`);
    expect(embed.description).toContain('checkout is down');
    expect(embed.fields).toEqual(expect.arrayContaining([{ name: 'Status', value: 'escalated \\(urgent\\)', inline: true }]));
    expect(call.body.allowed_mentions).toEqual({ parse: [] });
    await eventually(async () => (await eventTypes(urgent.id)).includes('alerted'), 'the alerted event');

    // A second enqueue (a re-triaged ticket) and a re-run of the job post nothing more.
    await app.running.services.alerts.enqueue(urgent.id);
    await app.running.services.alerts.queue.add('alert', { ticketId: urgent.id }, { jobId: `alert-again-${urgent.id}` });
    await eventually(async () => ((await app.running.services.alerts.queue.getJobCounts('completed')).completed ?? 0) >= 2, 'the re-run');
    expect(hook.calls).toHaveLength(1);
    expect(await eventTypes(calm.id)).not.toContain('alerted');
  });

  it('retries a failing webhook with backoff and posts once it answers', async () => {
    hook.fail(503, 2);
    const urgent = await ask('Our whole site is down since this morning');
    expect(urgent.status).toBe('ESCALATED');
    await eventually(async () => hook.calls.some((c) => c.status === 204), 'the alert after the failures');
    expect(hook.calls.map((c) => c.status)).toEqual([503, 503, 204]);
    expect(hook.calls[2]!.at - hook.calls[1]!.at).toBeGreaterThan(0);
  });

  it('never holds up a ticket: with the webhook refusing, the ticket is decided and the failure recorded', async () => {
    hook.fail(404, 1);
    const urgent = await ask('Security breach: someone accessed my account, this is urgent');
    expect(urgent).toMatchObject({ priority: 'P1', status: 'ESCALATED' });
    await eventually(async () => (await eventTypes(urgent.id)).includes('alert_failed'), 'the alert_failed event');
    expect(hook.calls.map((c) => c.status)).toEqual([404]);
    expect(app.logs.join('\n')).not.toContain('secret-token');
  });
});
