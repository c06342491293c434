// A DM to the bot: a follow-up of its customer's open DM ticket, or a new ticket in the server they
// share with the bot. One who shares several is first asked which server it is about, and the ticket
// opens when they choose (dm-server-select.ts); one who shares one or none is not asked.
import type { Message } from 'discord.js';
import { isStillOpen } from '../../../domain/ticket-lifecycle.js';
import { receiveChatMessage, type InboundChatMessage } from '../../../pipeline/chat/intake/receive-chat-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { dmServerQuestion } from '../dm-server-question.js';

/** A DM channel's conversation, which the message would follow up or open: see receiveChatMessage. */
export const dmLocation = (channelId: string) => ({
  platform: 'DISCORD' as const,
  channelId,
  threadId: channelId,
});

export async function receiveDirectMessage(
  deps: DiscordDeps,
  message: Message,
  common: Pick<InboundChatMessage, 'who' | 'text' | 'platform' | 'messageId'>,
): Promise<void> {
  const userId = message.author.id;
  // A message with no text opens nothing (receiveChatMessage ignores it), so there is nothing to ask about.
  const choices = common.text.trim() === '' ? [] : await deps.servers.dmServerChoicesOf(userId);
  if (choices.length > 0 && !(await hasOpenTicket(deps, message.channelId))) {
    await message.reply({
      ...dmServerQuestion(choices, message.id),
      allowedMentions: { parse: [], repliedUser: false },
      // A redelivered message (a resumed gateway) is asked about once: Discord returns the first post for the same nonce.
      nonce: `q${message.id}`,
      enforceNonce: true,
    });
    return;
  }
  await receiveChatMessage(deps, {
    ...common,
    ...dmLocation(message.channelId),
    workspaceId: await deps.servers.dmServerOf(userId),
    threadIsDirectMessage: true,
    addressedToBot: true,
    inAgentsChannel: false,
  });
}

async function hasOpenTicket(deps: DiscordDeps, channelId: string): Promise<boolean> {
  const { platform, threadId } = dmLocation(channelId);
  const ticket = await deps.tickets.findByChatThread(platform, channelId, threadId);
  return ticket !== null && isStillOpen(ticket.status);
}
