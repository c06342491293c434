// Emoji as commands: 🎫 on any message makes it a ticket, ✅ by an agent resolves the ticket of
// that thread (pipeline/chat/intake/react-to-message.ts). Slack sends only the emoji and where it
// is; the message itself is read back.
import type { App, webApi } from '@slack/bolt';
import { reactToMessage, type ReactedMessage, type ReactionMeaning } from '../../../pipeline/chat/intake/react-to-message.js';
import { REACTION_REFUSALS } from '../../../pipeline/chat/wording/reaction-refusal.js';
import type { SlackDeps } from '../slack-deps.js';
import { once, slackUser } from './common.js';

const MEANINGS: Readonly<Record<string, ReactionMeaning>> = {
  ticket: 'open_ticket',
  admission_tickets: 'open_ticket',
  white_check_mark: 'resolve',
  heavy_check_mark: 'resolve',
  ballot_box_with_check: 'resolve',
};

interface SlackMessage {
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
}

/** The message at `ts`: a top-level one from the channel's history, else a reply from its thread. */
async function fetchMessage(client: webApi.WebClient, channel: string, ts: string): Promise<SlackMessage | null> {
  const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
  const top = (history.messages as SlackMessage[] | undefined)?.find((m) => m.ts === ts);
  if (top) return top;
  const thread = await client.conversations.replies({ channel, ts, latest: ts, inclusive: true, limit: 1 });
  return (thread.messages as SlackMessage[] | undefined)?.find((m) => m.ts === ts) ?? null;
}

export function registerReactionListener(app: App, deps: SlackDeps): void {
  app.event('reaction_added', async ({ event, body, client }) => {
    const meaning = MEANINGS[event.reaction.split('::')[0]!];
    if (!meaning || event.item.type !== 'message') return;
    const { channel, ts } = event.item as { channel?: string; ts?: string };
    if (!channel || !ts) return;
    const teamId = body.team_id;
    // Keyed by Slack's event id: a retry of this event is dropped, a new ✅ after a refusal is not.
    await once(deps, `reaction:${body.event_id}`, async () => {
      const found = await fetchMessage(client, channel, ts);
      if (!found) return;
      const message: ReactedMessage = {
        platform: 'SLACK',
        workspaceId: teamId,
        channelId: channel,
        messageId: ts,
        threadId: found.thread_ts && found.thread_ts !== ts ? found.thread_ts : null,
        author: found.user && !found.bot_id ? slackUser(teamId, found.user) : null,
        text: found.text ?? '',
      };
      const result = await reactToMessage(deps, {
        meaning,
        who: slackUser(teamId, event.user),
        isAgent: () => deps.people.isAgent(teamId, event.user),
        message,
      });
      deps.log.debug({ channel, ts, meaning, result: result.kind }, 'slack reaction handled');
      if (result.kind === 'refused') {
        await client.chat.postEphemeral({
          channel,
          user: event.user,
          text: REACTION_REFUSALS[result.why],
          ...(message.threadId ? { thread_ts: message.threadId } : {}),
        });
      }
    });
  });
}
