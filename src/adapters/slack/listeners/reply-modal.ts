// The Reply modal's submission: the answer goes to the customer and the ticket is RESOLVED.
import type { App, ViewSubmitAction } from '@slack/bolt';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { parseIntentLabel } from '../../../pipeline/learning/intent-label.js';
import { resolveTicket } from '../../../pipeline/tickets/resolve-ticket.js';
import { INTENT_INPUT, REPLY_INPUT, REPLY_MODAL } from '../blocks.js';
import type { SlackDeps } from '../slack-deps.js';
import { NOT_AN_AGENT } from './agent-actions.js';
import { isTicketHere, slackUser, teamOf } from './common.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';

export function registerReplyModal(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(REPLY_MODAL, async ({ ack, body, view }) => {
    const refuse = (message: string, block: string = REPLY_INPUT.block) => ack({ response_action: 'errors', errors: { [block]: message } });
    const reply = view.state.values[REPLY_INPUT.block]?.[REPLY_INPUT.action]?.value?.trim() ?? '';
    const intentField = view.state.values[INTENT_INPUT.block]?.[INTENT_INPUT.action];
    // `selected_option`: a modal opened before the intent became a text input.
    const rawIntent = (intentField?.value ?? intentField?.selected_option?.value ?? '').trim();
    if (reply === '') return refuse('Write the reply the customer should get.');
    const team = teamOf(body);
    if (!(await deps.people.isAgent(team, body.user.id))) return refuse(NOT_AN_AGENT);
    const intent = rawIntent === '' ? undefined : parseIntentLabel(rawIntent);
    if (intent && !intent.ok) return refuse(`${intent.problem} Clear the field to resolve without an intent.`, INTENT_INPUT.block);
    const ticket = await deps.tickets.findById(view.private_metadata);
    if (!ticket || !isTicketHere(deps, ticket, team)) return refuse('That ticket no longer exists.');
    try {
      const actor = await chatActor(deps.users, slackUser(team, body.user.id, body.user.name), true);
      await resolveTicket(deps, actor, ticket, { response: reply, intent: intent?.intent });
      await ack();
    } catch (err) {
      deps.log.warn({ err, ticketId: ticket.id }, 'reply from slack refused');
      await refuse(userMessage(err));
    }
  });
}
