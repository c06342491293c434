// `/support message:<text>`: deferred at once (never "This interaction failed"), the ticket is
// stored and queued, and the deferred reply becomes the visible "Ticket #N" message the
// conversation's thread is started from.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { openCommandTicket } from '../../../pipeline/chat/intake/open-chat-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { commandReply } from '../messages.js';
import { discordUser } from './common.js';

export const SUPPORT_USAGE =
  'Tell me what you need, e.g. `/support message: I was charged twice this month`. I open a ticket and answer in its thread.';

export async function handleSupportCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const text = interaction.options.getString('message')?.trim() ?? '';
  if (text === '') return void (await interaction.reply({ content: SUPPORT_USAGE, flags: MessageFlags.Ephemeral }));
  if (text.length > deps.maxMessageChars) {
    return void (await interaction.reply({
      content: `That is too long for one ticket (at most ${deps.maxMessageChars} characters).`,
      flags: MessageFlags.Ephemeral,
    }));
  }
  await interaction.deferReply();
  try {
    const who = discordUser(interaction.user);
    await openCommandTicket(
      deps,
      {
        who,
        message: text,
        // In a DM: the server the customer shares with the bot.
        chat: {
          platform: 'DISCORD',
          workspaceId: interaction.guildId ?? (await deps.servers.dmServerOf(interaction.user.id)),
          channelId: interaction.channelId,
        },
      },
      async (ticket) => {
        const reply = await interaction.editReply({
          content: commandReply(ticket, { name: who.displayName ?? 'you', chatUserId: interaction.user.id }),
          allowedMentions: { parse: [] },
        });
        return { channelId: interaction.channelId, messageId: reply.id };
      },
    );
  } catch (err) {
    deps.log.error({ err, channel: interaction.channelId }, 'could not open a ticket from /support');
    await interaction
      .editReply({ content: 'Sorry, I could not open a ticket just now. Please try again in a minute.' })
      .catch(() => undefined);
  }
}
