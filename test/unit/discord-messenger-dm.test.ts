import type { REST } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { createDiscordMessenger } from '../../src/adapters/discord/discord-messenger.js';
import type { OutboundPolicy } from '../../src/domain/resilience.js';
import type { Ticket } from '../../src/domain/ticket.js';

const policy: OutboundPolicy = { name: 'discord', state: 'closed', execute: (call) => call(new AbortController().signal) };
const key = { key: 'ticket:header', retryingSince: null };
const requester = { name: 'Casey', chatUserId: '800000000000000001' };
const ticketIn = (chatWorkspaceId: string, chatChannelId: string) =>
  ({ id: 't', number: 7, chatPlatform: 'DISCORD', chatWorkspaceId, chatChannelId }) as unknown as Ticket;

function messenger(dms: string[]) {
  const rest = { post: vi.fn(async (route: string) => ({ id: 'posted', channel_id: route.split('/')[2] })) };
  const isDirectMessage = vi.fn(async (channelId: string) => dms.includes(channelId));
  return { rest, isDirectMessage, chat: createDiscordMessenger(rest as unknown as REST, 'agents', policy, undefined, isDirectMessage) };
}

describe('the Discord messenger and DMs of a server', () => {
  it('keeps the conversation of /support typed in a DM in the DM, whichever server the ticket belongs to', async () => {
    const { rest, chat } = messenger(['dm']);
    expect(await chat.postHeader(ticketIn('200000000000000002', 'dm'), requester, null, key)).toEqual({ channelId: 'dm', messageId: 'dm' });
    expect(rest.post).not.toHaveBeenCalled();
  });

  it('opens a thread from the command’s reply in a server’s channel', async () => {
    const { rest, chat } = messenger(['dm']);
    const anchor = { channelId: 'support', messageId: 'reply' };
    expect(await chat.postHeader(ticketIn('200000000000000002', 'support'), requester, anchor, key)).toEqual({
      channelId: 'support',
      messageId: 'reply',
    });
    expect(rest.post).toHaveBeenCalledWith('/channels/support/messages/reply/threads', expect.anything());
  });

  it('takes a ticket of no server for a DM without asking', async () => {
    const { isDirectMessage, chat } = messenger([]);
    expect(await chat.postHeader(ticketIn('', 'dm'), requester, null, key)).toEqual({ channelId: 'dm', messageId: 'dm' });
    expect(isDirectMessage).not.toHaveBeenCalled();
  });
});
