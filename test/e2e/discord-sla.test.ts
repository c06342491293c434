// SLA timers on Discord end to end: the real service (API + worker on PostgreSQL and Redis) with a real
// discord.js client on the fake Discord. An escalation step queued for a ticket is told in the thread
// of its agents' post, pinging exactly the agent and the on-call role; the agents' post shows the
// timers stored for the ticket.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM, customId } from '../../src/adapters/discord/messages.js';
import type { SlaNoticeDelivery } from '../../src/domain/ports/chat.js';
import { slaKey } from '../../src/domain/ticket-event.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL_ID, FakeDiscord, user, type DiscordCall } from '../fakes/fake-discord.js';

const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
const AGENT = user('700000000000000042', 'sla-agent');
const ON_CALL_ROLE = '400000000000000099';

let fake: FakeDiscord;
let app: TestApp;
let configDir: string;
let customers = 0;

beforeAll(async () => {
  // No policy applies, so the service's own SLA checks store no timers: the ones these tests write are the only ones.
  configDir = mkdtempSync(join(tmpdir(), 'firstline-sla-'));
  writeFileSync(join(configDir, 'sla.json'), JSON.stringify({ policies: {} }));
  fake = await new FakeDiscord().start();
  fake.agents.add(AGENT.id);
  app = await startTestApp({ ...fake.appEnv(), SLA_CONFIG_FILE: join(configDir, 'sla.json') });
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const services = () => app.running.services;
const content = (call: DiscordCall): string => String(call.body?.content ?? '');

/** An escalated /support ticket, with its agents' post. */
async function escalatedTicket(): Promise<{ ticket: Ticket; post: DiscordCall }> {
  customers += 1;
  const customer = user(String(810_000_000_000_000_000n + BigInt(customers)), `slacust${customers}`);
  fake.command('support', [{ name: 'message', type: 3, value: HUMAN }], customer);
  const opened = await eventually(async () => {
    const identity = await services().db.prisma.chatIdentity.findFirst({ where: { platform: 'DISCORD', platformUserId: customer.id } });
    return identity && services().db.prisma.ticket.findFirst({ where: { requesterId: identity.userId } });
  }, 'the ticket of the command');
  const ticket = await untilStatusOf(services(), opened.id, ['ESCALATED']);
  const post = await fake.waitFor(() => fake.postsIn(AGENTS_CHANNEL_ID).find((c) => content(c).startsWith(`**Ticket #${ticket.number}**`)));
  return { ticket, post };
}

describe('SLA escalation steps on Discord', () => {
  it('tells an at-risk timer in the thread of the agents’ post, pinging exactly the agent who claimed it and the on-call role', async () => {
    const { ticket, post } = await escalatedTicket();
    const postId = String(post.response?.id);
    fake.click(customId(CUSTOM.claim, ticket.id), AGENT, { channelId: AGENTS_CHANNEL_ID, id: postId });
    await untilStatusOf(services(), ticket.id, ['IN_PROGRESS']);

    const delivery: SlaNoticeDelivery = {
      kind: 'sla',
      ticketId: ticket.id,
      platform: 'DISCORD',
      metric: 'resolution',
      seq: 0,
      stepKey: 'at_risk',
      stage: 'at_risk',
      minutesOver: null,
      dueAt: '2026-12-07T10:00:00.000Z',
      mentionAssignee: true,
      onCallGroupId: ON_CALL_ROLE,
    };
    await services().deliveries.enqueue(delivery, ticket.priority);
    // The thread under the agents' post has the post's id.
    const notice = await fake.waitFor(() => fake.postsIn(postId).find((c) => content(c).includes('SLA at risk')));
    expect(content(notice)).toContain(`Ticket #${ticket.number}`);
    expect(content(notice)).toContain(`The resolution target is near: due <t:${Date.parse(delivery.dueAt!) / 1000}:f>`);
    expect(content(notice)).toContain(`<@${AGENT.id}> <@&${ON_CALL_ROLE}>`);
    expect(notice.body?.allowed_mentions).toEqual({ parse: [], users: [AGENT.id], roles: [ON_CALL_ROLE] });
    const recorded = await eventually(() => services().posts.find(ticket.id, 'sla:resolution:0:at_risk'), 'the record of the notice');
    expect(recorded).toMatchObject({ platform: 'DISCORD', channelId: postId, messageId: String(notice.response?.id) });
  });
});

describe('SLA timers on the Discord agents’ post', () => {
  it('shows each stored timer’s state in words in an SLA field when the post is refreshed', async () => {
    const { ticket, post } = await escalatedTicket();
    const startedAt = new Date(Date.now() - 3 * 60 * 60_000);
    const dueAt = new Date(Date.now() - 12 * 60_000);
    const timer = { ticketId: ticket.id, priority: ticket.priority, targetMinutes: 60, startedAt };
    await services().db.prisma.slaTimer.createMany({
      data: [
        { ...timer, metric: 'FIRST_RESPONSE', seq: 0, state: 'breached', breached: true, dueAt },
        { ...timer, metric: 'NEXT_RESPONSE', seq: 1, state: 'met', breached: true, dueAt, stoppedAt: new Date() },
        { ...timer, metric: 'RESOLUTION', seq: 0, state: 'paused' },
      ],
    });

    await services().deliveries.enqueue(
      { kind: 'agents', ticketId: ticket.id, platform: 'DISCORD', eventKey: slaKey('e2e1') },
      ticket.priority,
    );
    const edit = await fake.waitFor(() =>
      fake
        .callsTo('PATCH', new RegExp(`/channels/${AGENTS_CHANNEL_ID}/messages/${String(post.response?.id)}$`))
        .find((c) => JSON.stringify(c.body?.embeds).includes('"name":"SLA"')),
    );
    const fields = (edit.body?.embeds as { fields: { name: string; value: string }[] }[])[0]!.fields;
    const unix = Math.floor(dueAt.getTime() / 1000);
    expect(fields.find((f) => f.name === 'SLA')?.value).toBe(
      [
        `🔴 First response: breached <t:${unix}:R> (was due <t:${unix}:f>)`,
        `❌ Next response: missed (was due <t:${unix}:f>)`,
        '⏸️ Resolution: paused',
      ].join('\n'),
    );
  });
});
