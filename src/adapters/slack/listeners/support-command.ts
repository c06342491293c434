import type { App } from '@slack/bolt';
import { openCommandTicket } from '../../../pipeline/chat/intake/open-chat-ticket.js';
import type { SlackDeps } from '../slack-deps.js';
import { slackUser } from './common.js';

export const SUPPORT_USAGE =
  'Tell me what you need, e.g. `/support I was charged twice this month`. I open a ticket and answer in its thread.';

/**
 * `/support <message>`: the ticket is stored and queued before the ack, so nothing slow runs while
 * Slack waits; the visible "Ticket #N" post and the answer follow through the delivery queue.
 */
export function registerSupportCommand(app: App, deps: SlackDeps): void {
  app.command('/support', async ({ command, ack }) => {
    const text = command.text.trim();
    if (text === '') return ack({ response_type: 'ephemeral', text: SUPPORT_USAGE });
    if (text.length > deps.maxMessageChars) {
      return ack({
        response_type: 'ephemeral',
        text: `That is too long for one ticket (at most ${deps.maxMessageChars} characters). Please shorten it.`,
      });
    }
    try {
      const ticket = await openCommandTicket(deps, {
        who: slackUser(command.team_id, command.user_id, command.user_name),
        message: text,
        chat: { platform: 'SLACK', workspaceId: command.team_id, channelId: command.channel_id },
      });
      await ack({ response_type: 'ephemeral', text: `Ticket #${ticket.number} opened. I'll answer in its thread here.` });
    } catch (err) {
      deps.log.error({ err, channel: command.channel_id }, 'could not open a ticket from /support');
      await ack({ response_type: 'ephemeral', text: 'Sorry, I could not open a ticket just now. Please try again in a minute.' });
    }
  });
}
