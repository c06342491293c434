// "That solved it" / "I still need help" under an automatic answer. A support forum's post whose
// customer says it is solved is tagged resolved at once: a closed ticket sends the customer nothing
// (whose delivery would tag it), and "I still need help" is told to them, which tags it.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { answerFeedbackFromChat } from '../../../pipeline/chat/intake/chat-feedback.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { afterFeedback } from '../messages.js';
import { discordUser } from './common.js';

export async function handleFeedbackButton(
  deps: DiscordDeps,
  interaction: ButtonInteraction,
  ticketId: string,
  helpful: boolean,
): Promise<void> {
  const user = await deps.users.findOrCreateChatUser(discordUser(interaction.user));
  const ticket = await deps.tickets.findById(ticketId);
  if (!ticket || ticket.requesterId !== user.id) {
    return void (await interaction.reply({ content: 'Only the person who asked can answer this.', flags: MessageFlags.Ephemeral }));
  }
  try {
    await answerFeedbackFromChat(deps, { kind: 'user', userId: user.id, role: user.role }, ticket, helpful);
    await interaction.update(afterFeedback(interaction.message.content, helpful));
    if (helpful && ticket.chatChannelId && ticket.chatThreadId) {
      await deps.forumTags.tag({ channelId: ticket.chatChannelId, threadId: ticket.chatThreadId }, 'CLOSED');
    }
  } catch (err) {
    deps.log.error({ err, ticketId }, 'feedback from discord failed');
    await interaction.reply({ content: userMessage(err), flags: MessageFlags.Ephemeral });
  }
}
