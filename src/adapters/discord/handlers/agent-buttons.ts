// Claim and Reply on an agents' post, by agents of the server whose ticket it is (another server's
// ticket is answered as one that does not exist).
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { isAppError } from '../../../domain/errors.js';
import { suggestedReplyFor } from '../../../pipeline/chat/wording/agents-post-view.js';
import { claimRefusal } from '../../../pipeline/chat/wording/claim-refusal.js';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { claimTicket } from '../../../pipeline/tickets/claim-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { personLabel, replyModal } from '../messages.js';
import { isTicketOfServer } from '../server-scope.js';
import { NOT_AN_AGENT, NO_SUCH_TICKET, discordUser, isAgentsChannel } from './common.js';

export async function handleAgentButton(
  deps: DiscordDeps,
  interaction: ButtonInteraction,
  ticketId: string,
  action: 'claim' | 'reply',
): Promise<void> {
  const tell = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  const server = interaction.guildId ? await deps.servers.serverOf(interaction.guildId) : undefined;
  if (!server || !isAgentsChannel(server.agentsChannelId, interaction.channel, interaction.channelId))
    return void (await tell(NOT_AN_AGENT));
  const ticket = await deps.tickets.findById(ticketId);
  if (!ticket || !isTicketOfServer(ticket, server)) return void (await tell(NO_SUCH_TICKET));
  if (action === 'reply') {
    // The modal is the interaction's response: only a quick read before it.
    return void (await interaction.showModal(replyModal(ticket, await suggestedReplyFor(deps.tickets, ticket.id))));
  }
  const actor = await chatActor(deps.users, discordUser(interaction.user), true);
  try {
    // The embed is updated through the delivery queue once the claim is stored.
    await claimTicket(deps, actor, ticket);
    await interaction.deferUpdate();
  } catch (err) {
    if (!isAppError(err)) deps.log.error({ err, ticketId }, 'claim from discord failed');
    await tell(await claimRefusal(deps.users, 'DISCORD', personLabel, err, ticket.number));
  }
}
