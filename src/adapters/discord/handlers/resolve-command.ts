// `/resolve ticket:<n> reply:<text>`: an agent answers a ticket, from the agents' channel.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import { resolveTicket } from '../../../pipeline/tickets/resolve-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { NOT_AN_AGENT, discordUser, isAgentsChannel } from './common.js';

export async function handleResolveCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  if (!isAgentsChannel(deps, interaction.channel, interaction.channelId)) return void (await say(NOT_AN_AGENT));
  const number = interaction.options.getInteger('ticket', true);
  const reply = interaction.options.getString('reply', true).trim();
  if (reply === '') return void (await say('Write the reply the customer should get.'));
  const ticket = await deps.tickets.findByNumber(number);
  if (!ticket) return void (await say(`There is no ticket #${number}.`));
  try {
    const actor = await chatActor(deps.users, discordUser(interaction.user), true);
    await resolveTicket(deps, actor, ticket, { response: reply });
    await say(`Ticket #${ticket.number} resolved; your reply is on its way to the customer.`);
  } catch (err) {
    deps.log.warn({ err, ticketId: ticket.id }, '/resolve refused');
    await say(userMessage(err));
  }
}
