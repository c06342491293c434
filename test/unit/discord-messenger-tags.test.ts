import type { REST } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { createDiscordMessenger } from '../../src/adapters/discord/discord-messenger.js';
import type { ForumPostTagger } from '../../src/adapters/discord/forum-post-tagger.js';
import type { CustomerNotice } from '../../src/domain/ports/chat.js';
import type { OutboundPolicy } from '../../src/domain/resilience.js';

const policy: OutboundPolicy = { name: 'discord', state: 'closed', execute: (call) => call(new AbortController().signal) };
const key = { key: 'ticket:answer', retryingSince: null };

function messenger() {
  const rest = { post: vi.fn(async (route: string) => ({ id: 'posted', channel_id: route.split('/')[2] })) };
  const tags: ForumPostTagger = { tag: vi.fn(async () => undefined) };
  return { rest, tags, chat: createDiscordMessenger(rest as unknown as REST, 'agents', policy, tags) };
}

describe('the Discord messenger and support forum tags', () => {
  const notices: [CustomerNotice, string][] = [
    [{ kind: 'answer', ticketNumber: 1, ticketId: 't', text: 'Reset it here.', fromSimilarTicket: false }, 'AUTO_RESOLVED'],
    [{ kind: 'escalated', ticketNumber: 1, reason: null }, 'ESCALATED'],
    [{ kind: 'agent_answer', ticketNumber: 1, text: 'Refunded.', agent: { name: 'Ana', chatUserId: null } }, 'RESOLVED'],
  ];

  it.each(notices)('posts a %j notice in the post, then tags the post with the status it tells of', async (notice, status) => {
    const { rest, tags, chat } = messenger();
    const posted = await chat.notifyCustomer({ channelId: 'forum', threadId: 'post' }, notice, key);
    expect(posted).toEqual({ channelId: 'post', messageId: 'posted' });
    expect(rest.post).toHaveBeenCalledWith('/channels/post/messages', expect.anything());
    expect(tags.tag).toHaveBeenCalledWith({ channelId: 'forum', threadId: 'post' }, status);
  });

  it('does not tag a conversation that is no thread', async () => {
    const { tags, chat } = messenger();
    await chat.notifyCustomer({ channelId: 'channel', threadId: null }, notices[0]![0], key);
    expect(tags.tag).not.toHaveBeenCalled();
  });

  it('does not tag when the post failed', async () => {
    const { rest, tags, chat } = messenger();
    rest.post.mockRejectedValueOnce(new Error('socket hang up'));
    await expect(chat.notifyCustomer({ channelId: 'forum', threadId: 'post' }, notices[1]![0], key)).rejects.toThrow('socket hang up');
    expect(tags.tag).not.toHaveBeenCalled();
  });
});
