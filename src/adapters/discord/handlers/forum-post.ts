// A new post in a support forum is a ticket whose conversation is the post itself: answers and
// notices go in the post, later messages there are its follow-ups (or, from agents, their replies),
// and its tag shows the ticket's status. A post is always a request: the title says what it is
// about, so greetings and thanks are not told apart as in a support channel's chatter.
import type { AnyThreadChannel, Message } from 'discord.js';
import { isCustomerIn } from '../../../domain/support-channel.js';
import { receiveChatMessage, type InboundResult } from '../../../pipeline/chat/intake/receive-chat-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { discordAuthor, discordUser } from './common.js';

/** Whether a message is the starter message of a forum post: Discord gives it the post's (thread's) id. */
export const isForumPostStart = (message: Message, post: AnyThreadChannel): boolean => message.id === post.id;

/** The ticket's text: the post's title, then its body unless the body already starts with it. */
export function postText(title: string, body: string): string {
  const heading = title.trim();
  const text = body.trim();
  if (heading === '') return text;
  if (text === '') return heading;
  return text.toLowerCase().startsWith(heading.toLowerCase()) ? text : `${heading}\n\n${text}`;
}

/**
 * Opens the ticket of a new post in `forumId` when that forum is a support forum and the author is
 * a customer there (agents' own posts open nothing). A redelivered post finds its ticket again.
 */
export async function receiveForumPost(
  deps: DiscordDeps,
  message: Message<true>,
  post: AnyThreadChannel,
  forumId: string,
): Promise<InboundResult> {
  const forum = await deps.supportChannels.find('DISCORD', forumId);
  if (!forum) return { kind: 'ignored' };
  const author = discordAuthor(deps, message);
  if (!(await isCustomerIn(forum, author))) return { kind: 'ignored', reason: 'not_a_customer' };
  // Tagged before the ticket exists: once it does, its answer may come (and be tagged) at any moment.
  if (!(await deps.tickets.findByChatMessage('DISCORD', forumId, message.id))) {
    await deps.forumTags.tag({ channelId: forumId, threadId: post.id }, 'OPEN');
  }
  return receiveChatMessage(deps, {
    who: discordUser(message.author),
    text: postText(post.name, message.content).slice(0, deps.maxMessageChars),
    platform: 'DISCORD',
    workspaceId: message.guildId,
    // The conversation is the post: its thread under the forum, as for any thread of a channel.
    channelId: forumId,
    messageId: message.id,
    threadId: null,
    // A post in a support forum asks Firstline: it needs no mention.
    addressedToBot: true,
    inAgentsChannel: false,
    author,
  });
}
