// `/resolve <ticket number> <reply>`: an agent answers a ticket from anywhere in Slack.
import type { App } from '@slack/bolt';
import { chatActor } from '../../../pipeline/chat/intake/chat-actor.js';
import { resolveTicket } from '../../../pipeline/tickets/resolve-ticket.js';
import type { SlackDeps } from '../slack-deps.js';
import { NOT_AN_AGENT } from './agent-actions.js';
import { isTicketHere, slackUser } from './common.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';

const USAGE = 'Usage: `/resolve <ticket number> <reply to the customer>`, e.g. `/resolve 42 Your refund was sent today.`';

export function registerResolveCommand(app: App, deps: SlackDeps): void {
  app.command('/resolve', async ({ command, ack }) => {
    const say = (text: string) => ack({ response_type: 'ephemeral', text });
    const match = /^#?(\d{1,9})\s+([\s\S]+)$/.exec(command.text.trim());
    if (!match) return say(USAGE);
    const [, number, reply] = match;
    if (!(await deps.people.isAgent(command.team_id, command.user_id))) return say(NOT_AN_AGENT);
    const ticket = await deps.tickets.findByNumber(Number(number));
    // Another workspace's ticket does not exist here: the same answer as for no ticket at all.
    if (!ticket || !isTicketHere(deps, ticket, command.team_id)) return say(`There is no ticket #${number}.`);
    try {
      const actor = await chatActor(deps.users, slackUser(command.team_id, command.user_id, command.user_name), true);
      await resolveTicket(deps, actor, ticket, { response: reply!.trim() });
      await say(`Ticket #${ticket.number} resolved; your reply is on its way to the customer.`);
    } catch (err) {
      deps.log.warn({ err, ticketId: ticket.id }, '/resolve refused');
      await say(userMessage(err));
    }
  });
}
