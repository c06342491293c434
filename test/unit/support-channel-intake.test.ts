// A support channel: customers write there as they would to a colleague, and each top-level request
// becomes a ticket whose thread is the conversation. Over the in-memory ports (test/memory).
import { describe, expect, it } from 'vitest';
import type { ChannelAudience } from '../../src/domain/support-channel.js';
import { receiveChatMessage, type InboundChatMessage } from '../../src/pipeline/chat/intake/receive-chat-message.js';
import { memoryDeps } from '../memory/index.js';

const CHANNEL = 'C-ACME-SHARED';
const customer = { platform: 'SLACK' as const, workspaceId: 'T1', platformUserId: 'U-ACME-DANA', displayName: 'Dana' };
const agent = { ...customer, platformUserId: 'U-ALEX', displayName: 'Alex' };
const colleague = { ...customer, platformUserId: 'U-SAM', displayName: 'Sam' };
const AGENTS = new Set(['U-ALEX']);

/** A top-level message in the support channel; `external`: the author is from another organisation. */
function inChannel(
  who: typeof customer,
  text: string,
  fields: Partial<InboundChatMessage> & { external?: boolean } = {},
): InboundChatMessage {
  const { external = who === customer, ...rest } = fields;
  return {
    who,
    text,
    platform: 'SLACK',
    workspaceId: 'T1',
    channelId: CHANNEL,
    messageId: `1700.${Math.random().toString().slice(2, 8)}`,
    threadId: null,
    addressedToBot: false,
    inAgentsChannel: false,
    author: { isExternal: external, isAgent: async () => AGENTS.has(who.platformUserId) },
    ...rest,
  };
}

async function channelDeps(audience: ChannelAudience = 'EXTERNAL') {
  const deps = { ...memoryDeps(), isChatter: (text: string) => /^(hi|thanks|solved, thanks)\b/i.test(text) && text.split(' ').length <= 3 };
  await deps.supportChannels.save({ platform: 'SLACK', workspaceId: 'T1', channelId: CHANNEL, audience, enabledById: null });
  return deps;
}

describe('a top-level message in a support channel', () => {
  it('opens a ticket for a customer’s request, threaded under their own message, and queues it for the pipeline', async () => {
    const deps = await channelDeps();
    const message = inChannel(customer, 'Our SSO login fails with error 403 since this morning', { messageId: '1700.000100' });
    const result = await receiveChatMessage(deps, message);
    expect(result).toMatchObject({
      kind: 'opened',
      duplicate: false,
      ticket: { source: 'SLACK', chatChannelId: CHANNEL, chatThreadId: '1700.000100', chatMessageId: '1700.000100' },
    });
    expect(deps.queue.jobs).toHaveLength(1);
  });

  it('opens nothing for a greeting or a thanks, and says why', async () => {
    const deps = await channelDeps();
    for (const text of ['hi all', 'thanks!', 'solved, thanks'])
      expect(await receiveChatMessage(deps, inChannel(customer, text))).toEqual({ kind: 'ignored', reason: 'not_a_request' });
    expect((await deps.tickets.list({ limit: 10 })).items).toEqual([]);
  });

  it('opens nothing for the deploying team’s own members in a channel shared with customers, nor for agents', async () => {
    const deps = await channelDeps('EXTERNAL');
    expect(await receiveChatMessage(deps, inChannel(colleague, 'I will look into the export bug'))).toEqual({
      kind: 'ignored',
      reason: 'not_a_customer',
    });
    expect(await receiveChatMessage(deps, inChannel(agent, 'Deploying the fix now', { external: true }))).toEqual({
      kind: 'ignored',
      reason: 'not_a_customer',
    });
    expect((await deps.tickets.list({ limit: 10 })).items).toEqual([]);
  });

  it('takes colleagues as customers in an internal support channel, but never agents', async () => {
    const deps = await channelDeps('EVERYONE');
    expect(await receiveChatMessage(deps, inChannel(colleague, 'The VPN drops every ten minutes'))).toMatchObject({ kind: 'opened' });
    expect(await receiveChatMessage(deps, inChannel(agent, 'Rolling out a VPN fix'))).toEqual({
      kind: 'ignored',
      reason: 'not_a_customer',
    });
  });

  it('opens nothing in a channel that is not a support channel, or once it is turned off', async () => {
    const deps = await channelDeps();
    expect(await receiveChatMessage(deps, inChannel(customer, 'Export is broken', { channelId: 'C-RANDOM' }))).toEqual({ kind: 'ignored' });
    await deps.supportChannels.remove('SLACK', CHANNEL);
    expect(await receiveChatMessage(deps, inChannel(customer, 'Export is broken'))).toEqual({ kind: 'ignored' });
  });

  it('opens nothing when the platform did not say who wrote it', async () => {
    const deps = await channelDeps();
    const { author: _, ...unknownAuthor } = inChannel(customer, 'Export is broken');
    expect(await receiveChatMessage(deps, unknownAuthor)).toEqual({ kind: 'ignored', reason: 'not_a_customer' });
  });

  it('still opens a ticket for a mention of the bot, whoever writes it', async () => {
    const deps = await channelDeps();
    expect(await receiveChatMessage(deps, inChannel(colleague, 'please look at this', { addressedToBot: true }))).toMatchObject({
      kind: 'opened',
    });
  });
});

describe('a message in the thread of a support channel’s ticket', () => {
  async function opened() {
    const deps = await channelDeps();
    const result = await receiveChatMessage(deps, inChannel(customer, 'Exports time out after 30 s', { messageId: '1700.000100' }));
    if (result.kind !== 'opened') throw new Error('expected a ticket');
    return { deps, ticket: result.ticket };
  }
  const inThread = (who: typeof customer, text: string, messageId: string) => inChannel(who, text, { threadId: '1700.000100', messageId });

  it('is the customer following up when the customer writes it', async () => {
    const { deps, ticket } = await opened();
    expect(await receiveChatMessage(deps, inThread(customer, 'It fails for CSV too', '1700.000200'))).toMatchObject({
      kind: 'follow_up',
      ticket: { id: ticket.id },
    });
  });

  it('is the agents’ reply, seen by the customer in place, when an agent writes it: stored, not relayed back to agents', async () => {
    const { deps, ticket } = await opened();
    await deps.tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: { kind: 'system' } });
    expect(await receiveChatMessage(deps, inThread(agent, 'Looking at it now', '1700.000300'))).toMatchObject({
      kind: 'reply_in_thread',
      ticket: { id: ticket.id },
    });
    const alex = await deps.users.findOrCreateChatUser(agent);
    expect(await deps.messages.listForTicket(ticket.id)).toEqual([
      expect.objectContaining({ direction: 'OUTBOUND', body: 'Looking at it now', authorId: alex.id, externalId: '1700.000300' }),
    ]);
    expect(deps.deliveries.jobs).toEqual([]);
  });

  it('is a follow-up even when it is short talk: only top-level messages are sorted into requests and chatter', async () => {
    const { deps, ticket } = await opened();
    expect(await receiveChatMessage(deps, inThread(customer, 'thanks!', '1700.000400'))).toMatchObject({
      kind: 'follow_up',
      ticket: { id: ticket.id },
    });
  });
});
