// Smart routing through the real pipeline and the Slack adapter (real Bolt against the fake Slack):
// urgent tickets, the urgent alert in Slack’s incoming-webhook format, master incidents (bursts of
// reports, answerable ones included), and skill-based offers to agents.
import { seedDeploymentHistory } from '../helpers/tickets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { ADMIN, createStaff, logInAs, startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, TEAM } from '../fakes/fake-slack.js';
import { FakeWebhook } from '../fakes/fake-webhook.js';

let fake: FakeSlack;
let hook: FakeWebhook;
let app: TestApp;
let slack: SlackRequests;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  hook = await new FakeWebhook('slack').start();
  app = await startTestApp({
    ...fake.appEnv(),
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_WEBHOOK_FORMAT: 'slack',
  });
  await seedDeploymentHistory(app);
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

    const agentsPost = await fake.waitFor(
      () =>
        fake.callsTo('chat.postMessage', (b) => b.channel === AGENTS_CHANNEL && JSON.stringify(b.blocks).includes(`#${ticket.number}`))[0],
    );
    expect(JSON.stringify(agentsPost.body.blocks)).toContain('P1');
    await fake.waitFor(() => fake.callsTo('chat.postMessage', (b) => b.channel === channel && b.thread_ts === ts)[0]);

    const alert = await eventually(async () => hook.calls[0], 'the alert');
    expect(alert.body.text).toBe(`🚨 Urgent ticket #${ticket.number} (P1): Your service is down and we are losing money, fix this ASAP!!`);
    expect(JSON.stringify(alert.body.blocks)).toContain('*Status:* escalated (urgent)');
    expect(hook.calls).toHaveLength(1);
  });
});

describe('master incidents', () => {
  const REPORTS = [
    'The checkout page is broken, I cannot pay for my order',
    'Checkout page is broken and I cannot pay for my order!',
    'the checkout page is broken: cannot pay for my order',
    'checkout page broken, cannot pay for my order',
  ];
  const incidentPosts = () =>
    fake.callsTo('chat.postMessage', (b) => b.channel === AGENTS_CHANNEL && String(b.text).includes('Incident #'));
  const updatesOf = (ts: string) => fake.callsTo('chat.update', (b) => b.ts === ts);

  it('groups three near-duplicates under one incident post, answers the fourth as a known issue, and resolving it answers all four', async () => {
    const reports: { ticket: Ticket; channel: string; ts: string }[] = [];
    for (const [i, text] of REPORTS.slice(0, 3).entries()) {
      const report = await dm(`U0OUT${i}`, text);
      reports.push({ ...report, ticket: await untilStatus(app.running.services, report.ticket.id, ['ESCALATED']) });
    }
    // The first two went to agents on their own; the third opened the incident with them.
    const post = await fake.waitFor(() => incidentPosts()[0]);
    expect(incidentPosts()).toHaveLength(1);
    expect(post.body.text).toMatch(/^🔥 Incident #\d+ · 3 reports: The checkout page is broken/);
    const incidentId = (await app.running.services.tickets.findById(reports[2]!.ticket.id))!.incidentId!;
    expect(incidentId).toBeTruthy();
    for (const r of reports) expect((await app.running.services.tickets.findById(r.ticket.id))!.incidentId).toBe(incidentId);
    expect(reports[2]!.ticket.escalationReason).toBe('incident');
    const ownPosts = (ticketNumber: number) =>
      fake.callsTo('chat.postMessage', (b) => b.channel === AGENTS_CHANNEL && String(b.text).startsWith(`Ticket #${ticketNumber} `));
    await fake.waitFor(() =>
      reports
        .slice(0, 2)
        .every(
          (r) =>
            fake.callsTo(
              'chat.update',
              (b) =>
                JSON.stringify(b.blocks).includes('Grouped under incident') && String(b.text).startsWith(`Ticket #${r.ticket.number} `),
            ).length > 0,
        ),
    );
    expect(ownPosts(reports[2]!.ticket.number)).toHaveLength(0);

    // The fourth: linked at once, told it is a known issue, the incident's count goes up.
    const fourth = await dm('U0OUT3', REPORTS[3]!);
    const linked = await untilStatus(app.running.services, fourth.ticket.id, ['ESCALATED']);
    expect(linked).toMatchObject({ escalationReason: 'incident', incidentId });
    const notice = await fake.waitFor(
      () => fake.callsTo('chat.postMessage', (b) => b.channel === fourth.channel && b.thread_ts === fourth.ts)[0],
    );
    expect(notice.body.text).toMatch(/known issue.*Ticket #\d+ is linked to it/);
    await fake.waitFor(() => updatesOf(String(post.response?.ts)).some((c) => String(c.body.text).includes('4 reports')));
    expect(ownPosts(linked.number)).toHaveLength(0);
    reports.push({ ...fourth, ticket: linked });

    // Resolving it answers every report in its own thread, and the incident's post says so.
    const agent = await createStaff(app, 'AGENT');
    const response = 'Checkout is working again: the payment provider had an outage. Please retry your order.';
    const res = await app.request({ method: 'POST', url: `/incidents/${incidentId}/resolve`, headers: agent.auth, payload: { response } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ resolved: 4, skipped: 0, incident: { status: 'RESOLVED', ticket_count: 4, open_ticket_count: 0 } });
    for (const r of reports) {
      expect(await untilStatus(app.running.services, r.ticket.id, ['RESOLVED'])).toMatchObject({
        response,
        responseSource: 'AGENT',
        assigneeId: agent.id,
      });
      await fake.waitFor(
        () => fake.callsTo('chat.postMessage', (b) => b.channel === r.channel && b.thread_ts === r.ts && b.text === response)[0],
      );
    }
    await fake.waitFor(() => updatesOf(String(post.response?.ts)).some((c) => String(c.body.text).includes('resolved')));
    expect(incidentPosts()).toHaveLength(1);
  });
});

describe('a burst of reports the pipeline could answer', () => {
  it('answers the first as usual, then tells the rest it is a known issue instead of sending the generic answer', async () => {
    const texts = [
      'The page does not load, I get an error when I open it',
      'the page does not load and I get an error when I open it',
      'The page does not load, I get an error when I open it!',
    ];
    const reports: { ticket: Ticket; channel: string; ts: string }[] = [];
    for (const [i, text] of texts.entries()) {
      const report = await dm(`U0PAGE${i}`, text);
      reports.push({ ...report, ticket: await untilStatus(app.running.services, report.ticket.id, ['AUTO_RESOLVED', 'ESCALATED']) });
    }
    const replyIn = (r: (typeof reports)[number]) =>
      fake.waitFor(() => fake.callsTo('chat.postMessage', (b) => b.channel === r.channel && b.thread_ts === r.ts)[0]);
    // Before it was a burst: the template.
    expect(reports[0]!.ticket.status).toBe('AUTO_RESOLVED');
    const answer = await replyIn(reports[0]!);
    expect(answer.body.text).toBe(reports[0]!.ticket.response);
    // The third reporter makes it a burst: grouped, and told so, not sent the template.
    const third = reports[2]!;
    expect(third.ticket).toMatchObject({ status: 'ESCALATED', escalationReason: 'incident', response: null });
    expect(third.ticket.incidentId).toBeTruthy();
    expect((await replyIn(third)).body.text).toMatch(/known issue.*Ticket #\d+ is linked to it/);
    await fake.waitFor(
      () =>
        fake.callsTo(
          'chat.postMessage',
          (b) => b.channel === AGENTS_CHANNEL && String(b.text).includes('Incident #') && String(b.text).includes('page does not load'),
        )[0],
    );
  });
});

describe('skill-based offers', () => {
  it('offers an escalation to the least-loaded agent with the skill, mentions them on the post, and moves the offer when their capacity changes', async () => {
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const services = app.running.services;
    const slackAgent = async (slackId: string, profile: { skills: string[]; capacity: number }) => {
      fake.agents.add(slackId);
      const user = await services.users.findOrCreateChatUser({ platform: 'SLACK', workspaceId: TEAM, platformUserId: slackId });
      const res = await app.request({
        method: 'PATCH',
        url: `/admin/users/${user.id}`,
        headers: admin,
        payload: { role: 'AGENT', ...profile },
      });
      expect(res.statusCode).toBe(200);
      return user;
    };
    const busy = await slackAgent('U0BILLA', { skills: ['billing'], capacity: 2 });
    const free = await slackAgent('U0BILLB', { skills: ['billing'], capacity: 2 });
    await slackAgent('U0ACCTS', { skills: ['accounts'], capacity: 5 });

    // U0BILLA already has a ticket claimed: load 1.
    const { ticket: first } = await dm('U0CUSTP1', 'My card payment failed twice, I want to talk to a human');
    const claimable = await untilStatus(services, first.id, ['ESCALATED']);
    expect(claimable.intent).toBe('payment_issue');
    await services.tickets.transition(
      claimable.id,
      'ESCALATED',
      'IN_PROGRESS',
      { assigneeId: busy.id },
      { type: 'claimed', actor: { kind: 'user', userId: busy.id, role: 'AGENT' } },
    );

    const { ticket } = await dm('U0CUSTP2', 'The payment for my invoice was declined, I want to talk to a human');
    await untilStatus(services, ticket.id, ['ESCALATED']);
    const offered = await eventually(async () => (await services.tickets.findById(ticket.id))?.offeredToId, 'the offer');
    expect(offered).toBe(free.id);
    const mentions = (slackId: string) => (b: Record<string, unknown>) =>
      b.channel === AGENTS_CHANNEL &&
      JSON.stringify(b.blocks).includes(`Offered to <@${slackId}>`) &&
      String(b.text).startsWith(`Ticket #${ticket.number} `);
    await fake.waitFor(
      () => [...fake.callsTo('chat.postMessage', mentions('U0BILLB')), ...fake.callsTo('chat.update', mentions('U0BILLB'))][0],
    );

    // U0BILLB has no room any more: the offer moves to U0BILLA, who still has one slot.
    const res = await app.request({ method: 'PATCH', url: `/admin/users/${free.id}`, headers: admin, payload: { capacity: 0 } });
    expect(res.statusCode).toBe(200);
    expect(await eventually(async () => (await services.tickets.findById(ticket.id))?.offeredToId === busy.id, 'the offer to move')).toBe(
      true,
    );
    await fake.waitFor(() => fake.callsTo('chat.update', mentions('U0BILLA'))[0]);
    const agents = (await app.request({ method: 'GET', url: '/admin/agents', headers: admin })).json<{
      items: { id: string; load: number; capacity: number }[];
    }>().items;
    expect(agents.find((a) => a.id === busy.id)).toMatchObject({ load: 1, capacity: 2 });
  });
});
