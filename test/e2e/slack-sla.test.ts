// SLA timers in Slack end to end: the real service (API + worker on PostgreSQL and Redis) and the
// real Bolt app against the fake Slack Web API. An escalation step queued for a ticket is told in the
// thread of its agents' post, mentioning the agent and the on-call user group; the agents' post shows
// the timers stored for the ticket.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/adapters/slack/blocks.js';
import type { SlaNoticeDelivery } from '../../src/domain/ports/chat.js';
import { slaKey } from '../../src/domain/ticket-event.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, type SlackCall } from '../fakes/fake-slack.js';

const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
const AGENT = 'U0SLAAGENT';
const ON_CALL = 'S0ONCALL';

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;
let configDir: string;
let customers = 0;

beforeAll(async () => {
  // No policy applies, so the service's own SLA checks store no timers: the ones these tests write are the only ones.
  configDir = mkdtempSync(join(tmpdir(), 'firstline-sla-'));
  writeFileSync(join(configDir, 'sla.json'), JSON.stringify({ policies: {} }));
  fake = await new FakeSlack().start();
  fake.agents.add(AGENT);
  app = await startTestApp({ ...fake.appEnv(), SLA_CONFIG_FILE: join(configDir, 'sla.json') });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const services = () => app.running.services;
const blocksText = (call: SlackCall): string => JSON.stringify(call.body.blocks ?? []);
const postTs = (call: SlackCall): string => String(call.response?.ts);
const postsIn = (channel: string, threadTs?: string) =>
  fake.callsTo('chat.postMessage', (b) => b.channel === channel && (threadTs === undefined || b.thread_ts === threadTs));

/** An escalated ticket from a DM, with its agents' post. */
async function escalatedTicket(): Promise<{ ticket: Ticket; post: SlackCall }> {
  customers += 1;
  const channel = `D0SLA${customers}`;
  const ts = `1800100${customers}.000100`;
  await slack.event({ type: 'message', channel_type: 'im', user: `U0SLACUST${customers}`, text: HUMAN, channel, ts, event_ts: ts });
  const opened = await eventually(() => services().tickets.findByChatMessage('SLACK', channel, ts), 'the ticket of the DM');
  const ticket = await untilStatusOf(services(), opened.id, ['ESCALATED']);
  const post = await fake.waitFor(() => postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)));
  return { ticket, post };
}

describe('SLA escalation steps in Slack', () => {
  it('tells a breach in the thread of the agents’ post, mentioning the agent who claimed it and the on-call group, once', async () => {
    const { ticket, post } = await escalatedTicket();
    await slack.click(ACTIONS.claim, ticket.id, AGENT, { channel: AGENTS_CHANNEL, ts: postTs(post) });
    await untilStatusOf(services(), ticket.id, ['IN_PROGRESS']);

    const delivery: SlaNoticeDelivery = {
      kind: 'sla',
      ticketId: ticket.id,
      platform: 'SLACK',
      metric: 'firstResponse',
      seq: 0,
      stepKey: 'breached',
      stage: 'breached',
      minutesOver: 0,
      dueAt: '2026-12-05T14:30:00.000Z',
      mentionAssignee: true,
      onCallGroupId: ON_CALL,
    };
    await services().deliveries.enqueue(delivery, ticket.priority);
    const notice = await fake.waitFor(() => postsIn(AGENTS_CHANNEL, postTs(post)).find((c) => blocksText(c).includes('SLA breached')));
    expect(blocksText(notice)).toContain(`Ticket #${ticket.number}`);
    expect(blocksText(notice)).toContain('The first response target was missed');
    expect(blocksText(notice)).toContain(`<@${AGENT}>`);
    expect(blocksText(notice)).toContain(`<!subteam^${ON_CALL}>`);
    // Recorded, so the same step is never told again.
    const recorded = await eventually(() => services().posts.find(ticket.id, 'sla:firstResponse:0:breached'), 'the record of the notice');
    expect(recorded).toMatchObject({ platform: 'SLACK', channelId: AGENTS_CHANNEL, messageId: postTs(notice) });

    // A later step of the same timer is a notice of its own; the breach is not told twice.
    await services().deliveries.enqueue(delivery, ticket.priority);
    await services().deliveries.enqueue(
      { ...delivery, stepKey: 'breached_for:30', stage: 'still_breached', minutesOver: 30, mentionAssignee: false },
      ticket.priority,
    );
    await fake.waitFor(() => postsIn(AGENTS_CHANNEL, postTs(post)).find((c) => blocksText(c).includes('SLA still breached')));
    expect(postsIn(AGENTS_CHANNEL, postTs(post)).filter((c) => blocksText(c).includes('SLA breached'))).toHaveLength(1);
  });
});

describe('SLA timers on the Slack agents’ post', () => {
  it('shows each stored timer’s state in words when the post is refreshed', async () => {
    const { ticket, post } = await escalatedTicket();
    const prisma = services().db.prisma;
    const startedAt = new Date(Date.now() - 60 * 60_000);
    const timer = { ticketId: ticket.id, priority: ticket.priority, targetMinutes: 60, startedAt };
    await prisma.slaTimer.createMany({
      data: [
        { ...timer, metric: 'FIRST_RESPONSE', seq: 0, state: 'met', breached: false, stoppedAt: new Date(), dueAt: new Date() },
        { ...timer, metric: 'RESOLUTION', seq: 0, state: 'at_risk', dueAt: new Date(Date.now() + 15 * 60_000) },
      ],
    });

    await services().deliveries.enqueue(
      { kind: 'agents', ticketId: ticket.id, platform: 'SLACK', eventKey: slaKey('e2e1') },
      ticket.priority,
    );
    const update = await fake.waitFor(
      () => fake.callsTo('chat.update', (b) => b.ts === postTs(post) && JSON.stringify(b.blocks).includes('*SLA*'))[0],
    );
    const text = blocksText(update);
    expect(text).toContain('First response: met');
    expect(text).toMatch(/Resolution: at risk, due <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d\d:\d\d UTC>/);
    expect(text.indexOf('First response')).toBeLessThan(text.indexOf('Resolution'));
  });
});
