// Claim and Reply on an agents' post.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { isAppError } from '../../../domain/errors.js';
import { suggestedReplyFor } from '../../../pipeline/chat/wording/agents-post-view.js';
import { claimRefusal } from '../../../pipeline/chat/wording/claim-refusal.js';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { claimTicket } from '../../../pipeline/tickets/claim-ticket.js';
import type { DiscordDeps } from '../discord-deps.js';
import { personLabel, replyModal } from '../messages.js';
import { NOT_AN_AGENT, discordUser, isAgentsChannel } from './common.js';

export async function handleAgentButton(
  deps: DiscordDeps,
  interaction: ButtonInteraction,
  ticketId: string,
  action: 'claim' | 'reply',
): Promise<void> {
  const tell = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  if (!isAgentsChannel(deps, interaction.channel, interaction.channelId)) return void (await tell(NOT_AN_AGENT));
  const ticket = await deps.tickets.findById(ticketId);
  if (!ticket) return void (await tell('That ticket no longer exists.'));
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
