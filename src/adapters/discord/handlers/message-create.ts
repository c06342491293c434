// DMs open tickets (or follow up the open one), in the server their customer shares with the bot
// (direct-message.ts; one who shares several is asked which); a new post in a support forum opens
// one too; messages in a ticket's thread (or post) are follow-ups; in the thread of an agents' post
// of the server's own tickets they are internal notes.
// Bots and system messages are ignored.
import { ChannelType, type Message } from 'discord.js';
import { receiveChatMessage } from '../../../pipeline/chat/intake/receive-chat-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { AGENTS_POST } from '../../../pipeline/chat/delivery/post-purposes.js';
import { isTicketOfServer } from '../server-scope.js';
import { discordAuthor, discordUser, isAgentsChannel } from './common.js';
import { receiveDirectMessage } from './direct-message.js';
import { isForumPostStart, receiveForumPost } from './forum-post.js';

export async function handleMessageCreate(deps: DiscordDeps, message: Message): Promise<void> {
  if (message.author.bot || message.system || message.webhookId) return;
  const { channel } = message;
  const common = {
    who: discordUser(message.author),
    text: message.content.slice(0, deps.maxMessageChars),
    platform: 'DISCORD' as const,
    messageId: message.id,
  };
  if (channel.isDMBased()) return receiveDirectMessage(deps, message, common);
  if (!channel.isThread() || !channel.parentId || !message.inGuild()) return;
  if (channel.parent?.type === ChannelType.GuildForum && isForumPostStart(message, channel)) {
    const result = await receiveForumPost(deps, message, channel, channel.parentId);
    deps.log.debug({ post: channel.id, result: result.kind }, 'discord forum post handled');
    return;
  }
  const server = await deps.servers.serverOf(message.guildId);
  const inAgentsChannel = isAgentsChannel(server.agentsChannelId, channel, channel.id);
  if (inAgentsChannel) {
    // A note is for the server's own tickets only (a post made before the server had its own agents' channel may be another's).
    const post = await deps.posts.findByMessage('DISCORD', channel.parentId, channel.id, AGENTS_POST);
    const ticket = post && (await deps.tickets.findById(post.ticketId));
    if (ticket && !isTicketOfServer(ticket, server)) return;
  }
  await receiveChatMessage(deps, {
    ...common,
    workspaceId: message.guildId,
    channelId: channel.parentId,
    threadId: channel.id,
    addressedToBot: false,
    inAgentsChannel,
    author: discordAuthor(deps, message),
  });
}
