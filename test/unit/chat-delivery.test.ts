// An outcome becomes chat messages: routed to deliveries, each posted once through the platform's
// messenger. Over the in-memory ports and a recording messenger (test/memory).
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/domain/ports/chat.js';
import { deliverToChat, PREREQUISITE_WAIT_MS, type DeliveryAttempt } from '../../src/pipeline/chat/delivery/deliver-to-chat.js';
import { fixedMessengers } from '../memory/messengers.js';
import { routeOutcome } from '../../src/pipeline/chat/delivery/route-outcome.js';
import { actorOf, anAgent, createRecordingMessenger, memoryDeps } from '../memory/index.js';

const FIRST: DeliveryAttempt = { ageMs: 0, retryingSince: null };
const system = { kind: 'system' } as const;

async function setting(options: { hasAgentsChannel?: boolean } = {}) {
  const deps = memoryDeps();
  const slack = createRecordingMessenger({ platform: 'SLACK', hasAgentsChannel: options.hasAgentsChannel ?? true });
  const deliver = { ...deps, messengers: fixedMessengers([slack]) };
  const casey = await deps.users.findOrCreateChatUser({
    platform: 'SLACK',
    workspaceId: 'T1',
    platformUserId: 'U-CASEY',
    displayName: 'Casey',
  });
  /** A ticket from a DM (its conversation is the thread of the message), or from /support (no thread yet). */
  const chatTicket = (how: 'dm' | 'command') =>
    deps.tickets.create(
      {
        source: 'SLACK',
        requesterId: casey.id,
        message: 'I was charged twice',
        chat: {
          platform: 'SLACK',
          workspaceId: 'T1',
          channelId: 'D-CASEY',
          threadId: how === 'dm' ? '1700.1' : null,
          messageId: how === 'dm' ? '1700.1' : null,
        },
      },
      { type: 'created', actor: system },
    );
  return { deps, deliver, slack, casey, chatTicket };
}

describe('routing an outcome', () => {
  it('queues what the customer is told and the agents’ post for an escalation, at the ticket’s priority, once however often it is published', async () => {
    const { deps, deliver, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
    const outcome = { ticketId: ticket.id, status: 'ESCALATED' as const, eventKey: 'triaged' as const };
    await routeOutcome(deliver, outcome);
    await routeOutcome(deliver, outcome);
    expect(deps.deliveries.jobs).toEqual([
      { delivery: { kind: 'customer', ticketId: ticket.id, platform: 'SLACK', eventKey: 'triaged', status: 'ESCALATED' }, priority: 'P3' },
      { delivery: { kind: 'agents', ticketId: ticket.id, platform: 'SLACK', eventKey: 'triaged' }, priority: 'P3' },
    ]);
  });

  it('queues nothing for a ticket that no longer exists', async () => {
    const { deps, deliver } = await setting();
    expect(
      await routeOutcome(deliver, { ticketId: '00000000-0000-4000-8000-000000000000', status: 'ESCALATED', eventKey: 'triaged' }),
    ).toEqual([]);
    expect(deps.deliveries.jobs).toEqual([]);
  });
});

describe('delivering to the customer', () => {
  const answerOf = (ticketId: string): Delivery => ({
    kind: 'customer',
    ticketId,
    platform: 'SLACK',
    eventKey: 'triaged',
    status: 'AUTO_RESOLVED',
  });

  it('posts the automatic answer in the customer’s thread and records the post', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(
      ticket.id,
      'OPEN',
      'AUTO_RESOLVED',
      { response: 'Refunded.', responseSource: 'TEMPLATE' },
      { type: 'triaged', actor: system },
    );
    expect(await deliverToChat(deliver, answerOf(ticket.id), FIRST)).toEqual({ kind: 'delivered' });
    expect(slack.postsOf('customer')).toEqual([
      expect.objectContaining({
        channelId: 'D-CASEY',
        threadId: '1700.1',
        message: {
          kind: 'customer',
          threadId: '1700.1',
          notice: { kind: 'answer', ticketId: ticket.id, ticketNumber: ticket.number, text: 'Refunded.', fromSimilarTicket: false },
        },
      }),
    ]);
    expect(await deps.posts.find(ticket.id, 'triaged:customer')).toMatchObject({
      channelId: 'D-CASEY',
      messageId: slack.posts[0]!.messageId,
    });
  });

  it('does not post twice when the delivery runs again: the recorded post is found', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'AUTO_RESOLVED', { response: 'Refunded.' }, { type: 'triaged', actor: system });
    await deliverToChat(deliver, answerOf(ticket.id), FIRST);
    expect(await deliverToChat(deliver, answerOf(ticket.id), { ageMs: 2000, retryingSince: new Date() })).toEqual({
      kind: 'already_delivered',
    });
    expect(slack.posts).toHaveLength(1);
  });

  it('does not post twice when an attempt posted but could not record it: the retry finds its keyed post and records that', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'AUTO_RESOLVED', { response: 'Refunded.' }, { type: 'triaged', actor: system });
    const databaseDown = { ...deps.posts, record: () => Promise.reject(new Error('database down')) };
    const queuedAt = new Date();
    await expect(deliverToChat({ ...deliver, posts: databaseDown }, answerOf(ticket.id), FIRST)).rejects.toThrow('database down');
    expect(await deliverToChat(deliver, answerOf(ticket.id), { ageMs: 1000, retryingSince: queuedAt })).toEqual({ kind: 'delivered' });
    expect(slack.posts).toHaveLength(1);
    expect(await deps.posts.find(ticket.id, 'triaged:customer')).toMatchObject({ messageId: slack.posts[0]!.messageId });
  });

  it('waits for the "Ticket #N" post of a command’s conversation, then answers under it', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const ticket = await chatTicket('command');
    await deps.tickets.transition(ticket.id, 'OPEN', 'AUTO_RESOLVED', { response: 'Refunded.' }, { type: 'triaged', actor: system });
    const waiting = await deliverToChat(deliver, answerOf(ticket.id), { ageMs: 100, retryingSince: null });
    expect(waiting).toMatchObject({ kind: 'wait' });
    expect(slack.posts).toEqual([]);

    expect(await deliverToChat(deliver, { kind: 'header', ticketId: ticket.id, platform: 'SLACK' }, FIRST)).toEqual({ kind: 'delivered' });
    const [header] = slack.postsOf('header');
    expect(header).toMatchObject({
      channelId: 'D-CASEY',
      message: { ticketNumber: ticket.number, requester: { name: 'Casey', chatUserId: 'U-CASEY' } },
    });
    expect(await deps.tickets.findById(ticket.id)).toMatchObject({ chatThreadId: header!.messageId });
    expect((await deps.tickets.listEvents(ticket.id)).at(-1)).toMatchObject({
      type: 'chat_thread_opened',
      data: { threadId: header!.messageId },
    });
    expect(await deliverToChat(deliver, { kind: 'header', ticketId: ticket.id, platform: 'SLACK' }, FIRST)).toEqual({
      kind: 'already_delivered',
    });

    expect(await deliverToChat(deliver, answerOf(ticket.id), { ageMs: 300, retryingSince: null })).toEqual({ kind: 'delivered' });
    expect(slack.postsOf('customer')).toEqual([expect.objectContaining({ threadId: header!.messageId })]);
  });

  it('past the wait, makes the "Ticket #N" post itself rather than leave the customer in silence', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const ticket = await chatTicket('command');
    await deps.tickets.transition(ticket.id, 'OPEN', 'AUTO_RESOLVED', { response: 'Refunded.' }, { type: 'triaged', actor: system });
    expect(await deliverToChat(deliver, answerOf(ticket.id), { ageMs: PREREQUISITE_WAIT_MS, retryingSince: null })).toEqual({
      kind: 'delivered',
    });
    const [header] = slack.postsOf('header');
    expect(slack.postsOf('customer')).toEqual([expect.objectContaining({ threadId: header!.messageId })]);
  });

  it('tells the customer who answered when an agent resolves it', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const agent = await anAgent(deps, 'Alex Agent');
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
    await deps.tickets.transition(
      ticket.id,
      'ESCALATED',
      'IN_PROGRESS',
      { assigneeId: agent.id },
      { type: 'claimed', actor: actorOf(agent) },
    );
    await deps.tickets.transition(
      ticket.id,
      'IN_PROGRESS',
      'RESOLVED',
      { response: 'Fixed it.' },
      { type: 'resolved', actor: actorOf(agent) },
    );
    await deliverToChat(
      deliver,
      { kind: 'customer', ticketId: ticket.id, platform: 'SLACK', eventKey: 'resolved', status: 'RESOLVED' },
      FIRST,
    );
    expect(slack.postsOf('customer')[0]!.message.notice).toEqual({
      kind: 'agent_answer',
      ticketNumber: ticket.number,
      text: 'Fixed it.',
      agent: { name: 'Alex Agent', chatUserId: null },
    });
  });

  it('posts nothing when the agent wrote that answer in the customer’s own thread, and records that reply as the delivery', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const agent = await anAgent(deps, 'Alex Agent');
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
    await deps.messages.add({
      ticketId: ticket.id,
      authorId: agent.id,
      direction: 'OUTBOUND',
      body: 'Refunded today.',
      externalId: '1700.9',
    });
    await deps.tickets.transition(
      ticket.id,
      'ESCALATED',
      'IN_PROGRESS',
      { assigneeId: agent.id },
      { type: 'claimed', actor: actorOf(agent) },
    );
    await deps.tickets.transition(
      ticket.id,
      'IN_PROGRESS',
      'RESOLVED',
      { response: 'Refunded today.' },
      { type: 'resolved', actor: actorOf(agent) },
    );
    const resolved = { kind: 'customer', ticketId: ticket.id, platform: 'SLACK', eventKey: 'resolved', status: 'RESOLVED' } as const;
    expect(await deliverToChat(deliver, resolved, FIRST)).toEqual({ kind: 'already_delivered' });
    expect(slack.postsOf('customer')).toEqual([]);
    expect(await deps.posts.find(ticket.id, 'resolved:customer')).toMatchObject({ channelId: 'D-CASEY', messageId: '1700.9' });
  });

  it('skips what it cannot deliver: a platform not connected, a ticket that is gone', async () => {
    const { deliver, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    expect(await deliverToChat(deliver, { kind: 'header', ticketId: ticket.id, platform: 'DISCORD' }, FIRST)).toEqual({
      kind: 'skipped',
      reason: 'platform_not_connected',
    });
    expect(await deliverToChat(deliver, answerOf('00000000-0000-4000-8000-000000000000'), FIRST)).toEqual({
      kind: 'skipped',
      reason: 'ticket_not_found',
    });
  });
});

describe('the agents’ post', () => {
  const agentsOf = (ticketId: string, eventKey: 'triaged' | 'claimed'): Delivery => ({
    kind: 'agents',
    ticketId,
    platform: 'SLACK',
    eventKey,
  });

  it('is made by the escalation, with the customer and the suggested reply, then updated in place by a claim', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const agent = await anAgent(deps, 'Alex Agent');
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(
      ticket.id,
      'OPEN',
      'ESCALATED',
      { escalationReason: 'low_confidence' },
      {
        type: 'triaged',
        actor: system,
        data: { suggestedReply: 'Refunds take 5 days.', suggestedReplyConfidence: 0.6 },
      },
    );
    expect(await deliverToChat(deliver, agentsOf(ticket.id, 'triaged'), FIRST)).toEqual({ kind: 'delivered' });
    const [post] = slack.postsOf('agents');
    expect(post!.message.view).toMatchObject({
      ticket: { id: ticket.id, status: 'ESCALATED' },
      requester: { name: 'Casey', chatUserId: 'U-CASEY' },
      assignee: null,
      suggestedReply: 'Refunds take 5 days.',
      suggestedReplyConfidence: 0.6,
    });
    expect(await deps.posts.find(ticket.id, 'agents')).toMatchObject({ channelId: 'C-AGENTS', messageId: post!.messageId });

    await deps.tickets.transition(
      ticket.id,
      'ESCALATED',
      'IN_PROGRESS',
      { assigneeId: agent.id },
      { type: 'claimed', actor: actorOf(agent) },
    );
    expect(await deliverToChat(deliver, agentsOf(ticket.id, 'claimed'), FIRST)).toEqual({ kind: 'delivered' });
    expect(slack.postsOf('agents')).toHaveLength(1);
    expect(post!.updates.at(-1)).toMatchObject({
      kind: 'agents',
      view: { ticket: { status: 'IN_PROGRESS' }, assignee: { name: 'Alex Agent' } },
    });
  });

  it('waits for the escalation to make the post when an update overtakes it', async () => {
    const { deps, deliver, slack, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
    expect(await deliverToChat(deliver, agentsOf(ticket.id, 'claimed'), { ageMs: 50, retryingSince: null })).toMatchObject({
      kind: 'wait',
    });
    expect(slack.posts).toEqual([]);
  });

  it('is skipped where there is no agents’ channel', async () => {
    const { deps, deliver, chatTicket } = await setting({ hasAgentsChannel: false });
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
    expect(await deliverToChat(deliver, agentsOf(ticket.id, 'triaged'), FIRST)).toEqual({ kind: 'skipped', reason: 'no_agents_channel' });
  });

  it('carries a customer’s follow-up into its thread, once, and waits while there is no post yet', async () => {
    const { deps, deliver, slack, casey, chatTicket } = await setting();
    const ticket = await chatTicket('dm');
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
    const message = await deps.messages.add({
      ticketId: ticket.id,
      authorId: casey.id,
      direction: 'INBOUND',
      body: 'Any news?',
      externalId: '1700.2',
    });
    const relay: Delivery = { kind: 'relay', ticketId: ticket.id, platform: 'SLACK', messageId: message!.id };
    expect(await deliverToChat(deliver, relay, { ageMs: 10, retryingSince: null })).toMatchObject({ kind: 'wait' });

    await deliverToChat(deliver, agentsOf(ticket.id, 'triaged'), FIRST);
    expect(await deliverToChat(deliver, relay, { ageMs: 500, retryingSince: null })).toEqual({ kind: 'delivered' });
    expect(await deliverToChat(deliver, relay, { ageMs: 900, retryingSince: new Date() })).toEqual({ kind: 'already_delivered' });
    const agentsPost = slack.postsOf('agents')[0]!;
    expect(slack.postsOf('relay')).toEqual([
      expect.objectContaining({
        channelId: 'C-AGENTS',
        threadId: agentsPost.messageId,
        message: { kind: 'relay', from: { name: 'Casey', chatUserId: 'U-CASEY' }, text: 'Any news?' },
      }),
    ]);
  });
});
