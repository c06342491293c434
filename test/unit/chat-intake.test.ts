// A message someone writes in Slack or Discord, wherever it lands: a new ticket, a follow-up in a
// ticket's conversation, or an agent's internal note. Over the in-memory ports (test/memory).
import { describe, expect, it } from 'vitest';
import { openCommandTicket } from '../../src/pipeline/chat/intake/open-chat-ticket.js';
import { receiveChatMessage, type InboundChatMessage } from '../../src/pipeline/chat/intake/receive-chat-message.js';
import { memoryDeps } from '../memory/index.js';

const casey = { platform: 'SLACK' as const, workspaceId: 'T1', platformUserId: 'U-CASEY', displayName: 'Casey' };

/** A DM to the bot in Slack; each spec changes what it is about. */
const message = (fields: Partial<InboundChatMessage> = {}): InboundChatMessage => ({
  who: casey,
  text: 'I was charged twice this month',
  platform: 'SLACK',
  workspaceId: 'T1',
  channelId: 'D-CASEY',
  messageId: '1700000000.000100',
  threadId: null,
  addressedToBot: true,
  inAgentsChannel: false,
  ...fields,
});

describe('a chat message addressed to the bot', () => {
  it('opens a ticket whose conversation is the thread of the customer’s message, for a customer linked on first contact', async () => {
    const deps = memoryDeps();
    const result = await receiveChatMessage(deps, message({ text: '  I was charged twice this month \n' }));
    expect(result).toMatchObject({ kind: 'opened', duplicate: false });
    const ticket = result.kind === 'opened' ? result.ticket : null;
    expect(ticket).toMatchObject({
      status: 'OPEN',
      source: 'SLACK',
      message: 'I was charged twice this month',
      chatPlatform: 'SLACK',
      chatWorkspaceId: 'T1',
      chatChannelId: 'D-CASEY',
      chatThreadId: '1700000000.000100',
      chatMessageId: '1700000000.000100',
    });
    const requester = await deps.users.findOrCreateChatUser(casey);
    expect(ticket!.requesterId).toBe(requester.id);
    expect(requester).toMatchObject({ role: 'USER', email: null, displayName: 'Casey' });
    expect((await deps.tickets.listEvents(ticket!.id))[0]).toMatchObject({ type: 'created', actorType: 'USER', actorId: requester.id });
    expect(deps.queue.jobs).toEqual([{ ticketId: ticket!.id, priority: ticket!.priority }]);
  });

  it('continues a mention written in a thread in that thread, and a Discord DM in the DM itself', async () => {
    const deps = memoryDeps();
    const mention = await receiveChatMessage(deps, message({ channelId: 'C-GENERAL', threadId: '1699.1', messageId: '1699.5' }));
    expect(mention).toMatchObject({ kind: 'opened', ticket: { chatThreadId: '1699.1', chatMessageId: '1699.5' } });
    const dm = await receiveChatMessage(
      deps,
      message({
        platform: 'DISCORD',
        who: { ...casey, platform: 'DISCORD' },
        channelId: 'DM-1',
        messageId: 'M1',
        threadIsDirectMessage: true,
      }),
    );
    expect(dm).toMatchObject({ kind: 'opened', ticket: { source: 'DISCORD', chatThreadId: 'DM-1' } });
  });

  it('opens one ticket for a message delivered twice, however close together: the redelivery gets the same ticket', async () => {
    const deps = memoryDeps();
    const [first, second] = await Promise.all([receiveChatMessage(deps, message()), receiveChatMessage(deps, message())]);
    const opened = [first, second].flatMap((r) => (r.kind === 'opened' ? [r] : []));
    expect(opened.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(opened[0]!.ticket.id).toBe(opened[1]!.ticket.id);
    expect((await deps.tickets.list({ limit: 10 })).items).toHaveLength(1);
    expect(deps.queue.jobs).toHaveLength(1);
  });

  it('ignores an empty message, and chatter not addressed to the bot outside any ticket’s thread', async () => {
    const deps = memoryDeps();
    expect(await receiveChatMessage(deps, message({ text: '  \n ' }))).toEqual({ kind: 'ignored' });
    expect(await receiveChatMessage(deps, message({ addressedToBot: false, channelId: 'C-GENERAL' }))).toEqual({ kind: 'ignored' });
    expect(await receiveChatMessage(deps, message({ addressedToBot: false, threadId: 'no-ticket-here' }))).toEqual({ kind: 'ignored' });
    expect((await deps.tickets.list({ limit: 10 })).items).toEqual([]);
  });
});

describe('a message in a ticket’s conversation', () => {
  async function opened(deps = memoryDeps()) {
    const result = await receiveChatMessage(deps, message());
    if (result.kind !== 'opened') throw new Error('expected a ticket');
    return { deps, ticket: result.ticket };
  }
  const followUp = (fields: Partial<InboundChatMessage> = {}) =>
    message({ text: 'Any news?', messageId: '1700000000.000200', threadId: '1700000000.000100', addressedToBot: false, ...fields });

  it('adds a follow-up to the ticket instead of opening another, and keeps it from agents while the bot still handles it', async () => {
    const { deps, ticket } = await opened();
    expect(await receiveChatMessage(deps, followUp())).toMatchObject({ kind: 'follow_up', ticket: { id: ticket.id }, relayed: false });
    expect(await deps.messages.listForTicket(ticket.id)).toEqual([
      expect.objectContaining({ direction: 'INBOUND', body: 'Any news?', authorId: ticket.requesterId, externalId: '1700000000.000200' }),
    ]);
    expect(deps.deliveries.jobs).toEqual([]);
    expect((await deps.tickets.list({ limit: 10 })).items).toHaveLength(1);
  });

  it('relays a follow-up on an escalated ticket to the agents, once however often it is delivered', async () => {
    const { deps, ticket } = await opened();
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: { kind: 'system' } });
    expect(await receiveChatMessage(deps, followUp())).toMatchObject({ kind: 'follow_up', relayed: true });
    expect(await receiveChatMessage(deps, followUp())).toMatchObject({ kind: 'follow_up', relayed: false });
    const [stored] = await deps.messages.listForTicket(ticket.id);
    expect(deps.deliveries.jobs).toEqual([
      { delivery: { kind: 'relay', ticketId: ticket.id, platform: 'SLACK', messageId: stored!.id }, priority: ticket.priority },
    ]);
    expect(await deps.messages.listForTicket(ticket.id)).toHaveLength(1);
  });

  it('adds a Discord DM to the open ticket of that DM, but opens a new ticket once that one is answered', async () => {
    const deps = memoryDeps();
    const discord = (messageId: string, text: string) =>
      message({
        platform: 'DISCORD',
        who: { ...casey, platform: 'DISCORD' },
        channelId: 'DM-1',
        threadId: 'DM-1',
        messageId,
        text,
        threadIsDirectMessage: true,
      });
    const first = await receiveChatMessage(deps, discord('M1', 'My order is late'));
    const ticketId = first.kind === 'opened' ? first.ticket.id : '';
    expect(await receiveChatMessage(deps, discord('M2', 'It was due Monday'))).toMatchObject({
      kind: 'follow_up',
      ticket: { id: ticketId },
    });
    await deps.tickets.transition(
      ticketId,
      'OPEN',
      'AUTO_RESOLVED',
      { response: 'It ships today.' },
      { type: 'triaged', actor: { kind: 'system' } },
    );
    const next = await receiveChatMessage(deps, discord('M3', 'Now my invoice is wrong'));
    expect(next).toMatchObject({ kind: 'opened', duplicate: false, ticket: { message: 'Now my invoice is wrong', chatThreadId: 'DM-1' } });
    expect(next.kind === 'opened' && next.ticket.id).not.toBe(ticketId);
  });
});

describe('a message in the agents’ channel', () => {
  it('keeps an agent’s reply in the thread of an agents’ post as an internal note on that ticket, never sent or relayed', async () => {
    const deps = memoryDeps();
    const opened = await receiveChatMessage(deps, message());
    const ticketId = opened.kind === 'opened' ? opened.ticket.id : '';
    await deps.posts.record({ ticketId, platform: 'SLACK', purpose: 'agents', channelId: 'C-AGENTS', messageId: 'P1' });
    const agent = { ...casey, platformUserId: 'U-ALEX', displayName: 'Alex' };
    const note = message({
      who: agent,
      text: 'Checking with billing',
      channelId: 'C-AGENTS',
      threadId: 'P1',
      messageId: 'P2',
      inAgentsChannel: true,
      addressedToBot: false,
    });
    expect(await receiveChatMessage(deps, note)).toEqual({ kind: 'note', ticketId });
    const alex = await deps.users.findOrCreateChatUser(agent);
    expect(await deps.messages.listForTicket(ticketId)).toEqual([
      expect.objectContaining({ direction: 'INTERNAL', body: 'Checking with billing', authorId: alex.id }),
    ]);
    expect(deps.deliveries.jobs).toEqual([]);
  });

  it('ignores talk in threads that are not an agents’ post', async () => {
    const deps = memoryDeps();
    const chatter = message({ channelId: 'C-AGENTS', threadId: 'P9', messageId: 'P10', inAgentsChannel: true, addressedToBot: true });
    expect(await receiveChatMessage(deps, chatter)).toEqual({ kind: 'ignored' });
    expect((await deps.tickets.list({ limit: 10 })).items).toEqual([]);
  });
});

describe('a ticket opened by a command', () => {
  it('opens a ticket with no thread yet and queues the "Ticket #N" post its conversation will continue under', async () => {
    const deps = memoryDeps();
    const ticket = await openCommandTicket(deps, {
      who: casey,
      message: 'Reset my password',
      chat: { platform: 'SLACK', workspaceId: 'T1', channelId: 'C-HELP' },
    });
    expect(ticket).toMatchObject({ chatChannelId: 'C-HELP', chatThreadId: null, chatMessageId: null });
    expect(deps.deliveries.jobs).toEqual([
      { delivery: { kind: 'header', ticketId: ticket.id, platform: 'SLACK' }, priority: ticket.priority },
    ]);
    expect(deps.queue.jobs.map((j) => j.ticketId)).toEqual([ticket.id]);
  });

  it('records the command’s own visible reply, where the platform made one, for the conversation to open from', async () => {
    const deps = memoryDeps();
    const ticket = await openCommandTicket(
      deps,
      {
        who: { ...casey, platform: 'DISCORD' },
        message: 'Reset my password',
        chat: { platform: 'DISCORD', workspaceId: 'G1', channelId: 'C-HELP' },
      },
      async () => ({ channelId: 'C-HELP', messageId: 'REPLY-1' }),
    );
    expect(await deps.posts.find(ticket.id, 'command_reply')).toEqual({
      ticketId: ticket.id,
      platform: 'DISCORD',
      purpose: 'command_reply',
      channelId: 'C-HELP',
      messageId: 'REPLY-1',
    });
  });
});
