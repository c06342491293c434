// The Reply modal's submission: the answer goes to the customer and the ticket is RESOLVED.
import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import { parseIntentLabel } from '../../../pipeline/learning/intent-label.js';
import { resolveTicket } from '../../../pipeline/tickets/resolve-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { badIntentMessage, INTENT_FIELD, REPLY_FIELD } from '../messages.js';
import { isTicketOfServer } from '../server-scope.js';
import { NOT_AN_AGENT, NO_SUCH_TICKET, discordUser, isAgentsChannel } from './common.js';

export async function handleReplyModal(deps: DiscordDeps, interaction: ModalSubmitInteraction, ticketId: string): Promise<void> {
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  const server = interaction.guildId ? await deps.servers.serverOf(interaction.guildId) : undefined;
  if (!server || !isAgentsChannel(server.agentsChannelId, interaction.channel, interaction.channelId))
    return void (await say(NOT_AN_AGENT));
  const reply = interaction.fields.getTextInputValue(REPLY_FIELD).trim();
  const intent = interaction.fields.fields.has(INTENT_FIELD) ? interaction.fields.getTextInputValue(INTENT_FIELD).trim() : '';
  if (reply === '') return void (await say('Write the reply the customer should get.'));
  const label = intent === '' ? undefined : parseIntentLabel(intent);
  // Discord modals cannot show a field error and close on submit: say what went wrong and what to do.
  if (label && !label.ok) return void (await say(badIntentMessage(label.problem, deps.intentNames, reply)));
  const ticket = await deps.tickets.findById(ticketId);
  if (!ticket || !isTicketOfServer(ticket, server)) return void (await say(NO_SUCH_TICKET));
  try {
    const actor = await chatActor(deps.users, discordUser(interaction.user), true);
    await resolveTicket(deps, actor, ticket, { response: reply, intent: label?.intent });
    await say(`Ticket #${ticket.number} resolved; your reply is on its way to the customer.`);
  } catch (err) {
    deps.log.warn({ err, ticketId }, 'reply from discord refused');
    await say(userMessage(err));
  }
}
