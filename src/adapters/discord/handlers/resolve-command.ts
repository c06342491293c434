// `/resolve ticket:<n> reply:<text>`: an agent answers a ticket of their server, from its agents' channel.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import { resolveTicket } from '../../../pipeline/tickets/resolve-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { isTicketOfServer } from '../server-scope.js';
import { NOT_AN_AGENT, discordUser, isAgentsChannel } from './common.js';

export async function handleResolveCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  const server = interaction.guildId ? await deps.servers.serverOf(interaction.guildId) : undefined;
  if (!server || !isAgentsChannel(server.agentsChannelId, interaction.channel, interaction.channelId))
    return void (await say(NOT_AN_AGENT));
  const number = interaction.options.getInteger('ticket', true);
  const reply = interaction.options.getString('reply', true).trim();
  if (reply === '') return void (await say('Write the reply the customer should get.'));
  const ticket = await deps.tickets.findByNumber(number);
  // Another server's ticket is answered as one that does not exist.
  if (!ticket || !isTicketOfServer(ticket, server)) return void (await say(`There is no ticket #${number}.`));
  try {
    const actor = await chatActor(deps.users, discordUser(interaction.user), true);
    await resolveTicket(deps, actor, ticket, { response: reply });
    await say(`Ticket #${ticket.number} resolved; your reply is on its way to the customer.`);
  } catch (err) {
    deps.log.warn({ err, ticketId: ticket.id }, '/resolve refused');
    await say(userMessage(err));
  }
}
