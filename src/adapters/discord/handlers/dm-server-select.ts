// A DM's customer chose which server their message is about (direct-message.ts asked): the message
// is fetched again by the id the menu carries and opens its ticket there, as the DM would have; the
// question then says which server it went to. The DM message's id is the ticket's chat message key,
// so choosing twice (or a redelivered choice) finds the ticket already opened instead of a second.
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Message, type StringSelectMenuInteraction } from 'discord.js';
import { openChatTicket } from '../../../pipeline/chat/intake/open-chat-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { DM_MESSAGE_GONE, NOT_IN_THAT_SERVER, NOT_YOUR_QUESTION, dmServerAnswered } from '../dm-server-question.js';
import { discordUser } from './common.js';
import { dmLocation } from './direct-message.js';

const TRY_AGAIN = 'Sorry, I could not open a ticket just now. Please try again in a minute.';

export async function handleDmServerSelect(deps: DiscordDeps, interaction: StringSelectMenuInteraction, messageId: string): Promise<void> {
  await interaction.deferUpdate();
  let answer: Answer;
  try {
    answer = await chooseServer(deps, interaction, messageId);
  } catch (err) {
    deps.log.error({ err, message: messageId }, 'could not open a ticket from a DM’s chosen server');
    answer = { privately: TRY_AGAIN };
  }
  if ('privately' in answer) return void (await interaction.followUp({ content: answer.privately, flags: MessageFlags.Ephemeral }));
  // The question becomes its answer: the menu is gone.
  await interaction.editReply({ content: answer.instead, components: [], allowedMentions: { parse: [] } });
}

/** What the question says instead once answered, or what only the one who chose is told (the menu stays). */
type Answer = { instead: string } | { privately: string };

async function chooseServer(deps: DiscordDeps, interaction: StringSelectMenuInteraction, messageId: string): Promise<Answer> {
  const original = await dmMessage(interaction, messageId);
  // Deleted meanwhile (or left with no text): nothing to open, and nothing to choose any more.
  if (!original || original.content.trim() === '') return { instead: DM_MESSAGE_GONE };
  if (original.author.id !== interaction.user.id) return { privately: NOT_YOUR_QUESTION };
  const chosen = await deps.servers.dmServerChosen(interaction.user.id, interaction.values[0] ?? '');
  if (!chosen) return { privately: NOT_IN_THAT_SERVER };
  const { ticket, duplicate } = await openChatTicket(deps, {
    who: discordUser(original.author),
    message: original.content.slice(0, deps.maxMessageChars).trim(),
    chat: { ...dmLocation(original.channelId), workspaceId: chosen.workspaceId, messageId: original.id },
  });
  // Already opened (chosen before): the server it went to then, which may not be this one.
  const name = duplicate ? await serverName(deps, interaction, ticket.chatWorkspaceId ?? '') : chosen.name;
  return { instead: dmServerAnswered(name) };
}

/** The DM's message, asked of Discord (not the cache: it may have been deleted since); null when it is gone. */
async function dmMessage(interaction: StringSelectMenuInteraction, messageId: string): Promise<Message | null> {
  const channel = interaction.channel ?? (interaction.channelId ? await interaction.client.channels.fetch(interaction.channelId) : null);
  if (!channel?.isDMBased()) return null;
  try {
    return await channel.messages.fetch({ message: messageId, force: true });
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMessage) return null;
    throw err;
  }
}

/** A server's name for a DM ticket's server id ('' is the default server's). */
async function serverName(deps: DiscordDeps, interaction: StringSelectMenuInteraction, workspaceId: string): Promise<string | undefined> {
  const guildId = workspaceId || (await deps.servers.serverOf(null)).guildId;
  return interaction.client.guilds.cache.get(guildId)?.name;
}
