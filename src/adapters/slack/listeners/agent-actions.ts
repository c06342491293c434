// Claim and Reply on an agents' post. Membership of the agents' channel is the permission.
import type { App, BlockButtonAction } from '@slack/bolt';
import { isAppError } from '../../../domain/errors.js';
import { suggestedReplyFor } from '../../../pipeline/chat/wording/agents-post-view.js';
import { claimRefusal } from '../../../pipeline/chat/wording/claim-refusal.js';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { claimTicket } from '../../../pipeline/tickets/claim-ticket.js';
import { ACTIONS, personLabel, replyModal } from '../blocks.js';
import type { SlackDeps } from '../slack-deps.js';
import { isTicketHere, slackUser, teamOf } from './common.js';

export const NOT_AN_AGENT = 'Only members of the agents channel can work on tickets.';

export function registerAgentActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTIONS.claim, async ({ ack, body, action, client }) => {
    await ack();
    const team = teamOf(body);
    const tell = async (text: string) =>
      client.chat.postEphemeral({ channel: body.channel?.id ?? (await deps.people.agentsChannel(team)) ?? '', user: body.user.id, text });
    // Permission first: someone outside the agents' channel learns nothing about the ticket.
    if (!(await deps.people.isAgent(team, body.user.id))) return void (await tell(NOT_AN_AGENT));
    const ticket = action.value ? await deps.tickets.findById(action.value) : null;
    if (!ticket || !isTicketHere(deps, ticket, team)) return void (await tell('That ticket no longer exists.'));
    const actor = await chatActor(deps.users, slackUser(team, body.user.id, body.user.name), true);
    try {
      // The post is updated through the delivery queue once the claim is stored.
      await claimTicket(deps, actor, ticket);
    } catch (err) {
      if (!isAppError(err)) deps.log.error({ err, ticketId: ticket.id }, 'claim from slack failed');
      await tell(await claimRefusal(deps.users, 'SLACK', personLabel, err, ticket.number));
    }
  });

  app.action<BlockButtonAction>(ACTIONS.reply, async ({ ack, body, action, client }) => {
    await ack();
    const team = teamOf(body);
    const tell = async (text: string) =>
      client.chat.postEphemeral({ channel: body.channel?.id ?? (await deps.people.agentsChannel(team)) ?? '', user: body.user.id, text });
    // Permission first: someone outside the agents' channel learns nothing about the ticket.
    if (!(await deps.people.isAgent(team, body.user.id))) return void (await tell(NOT_AN_AGENT));
    const ticket = action.value ? await deps.tickets.findById(action.value) : null;
    if (!ticket || !isTicketHere(deps, ticket, team)) return void (await tell('That ticket no longer exists.'));
    // The modal must open within 3 s of the click (trigger_id): only a quick read before it.
    const suggestion = await suggestedReplyFor(deps.tickets, ticket.id);
    await client.views.open({ trigger_id: body.trigger_id, view: replyModal(ticket, suggestion, deps.intentNames) });
  });
}
