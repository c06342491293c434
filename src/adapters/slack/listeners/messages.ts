// DMs and mentions open tickets, and so do customers' requests in support channels; messages in a
// ticket's thread are its follow-ups; messages in the thread of an agents' post are internal notes.
// Joins, topic changes and bots (Firstline itself included) are ignored.
import type { App } from '@slack/bolt';
import { receiveChatMessage } from '../../../pipeline/chat/intake/receive-chat-message.js';
import type { SlackDeps } from '../slack-deps.js';
import { once, slackUser } from './common.js';

interface IncomingMessage {
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  bot_id?: string;
  subtype?: string;
  /** The author's own workspace: another one than the receiving workspace in a Slack Connect channel. */
  user_team?: string;
}

/** Subtypes that are still someone writing: a message with a file, a thread reply also sent to the channel. */
const WRITTEN = new Set([undefined, 'file_share', 'thread_broadcast']);

const mentionOf = (botUserId: string | undefined) => (botUserId ? `<@${botUserId}>` : undefined);

async function handle(
  deps: SlackDeps,
  message: IncomingMessage,
  teamId: string,
  botUserId: string | undefined,
  addressedToBot: boolean,
): Promise<void> {
  if (!message.user || message.bot_id || !WRITTEN.has(message.subtype)) return;
  const author = message.user;
  const mention = mentionOf(botUserId);
  const text = (mention ? (message.text ?? '').split(mention).join(' ') : (message.text ?? '')).replace(/\s+/g, ' ').trim();
  const threadId = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null;
  await once(deps, `msg:${message.channel}:${message.ts}`, async () => {
    const result = await receiveChatMessage(deps, {
      who: slackUser(teamId, author),
      text: text.slice(0, deps.maxMessageChars),
      platform: 'SLACK',
      workspaceId: teamId,
      channelId: message.channel,
      messageId: message.ts,
      threadId,
      addressedToBot,
      inAgentsChannel: message.channel === deps.agentsChannel,
      author: { isExternal: (message.user_team ?? teamId) !== teamId, isAgent: () => deps.people.isAgent(author) },
    });
    deps.log.debug({ channel: message.channel, ts: message.ts, result: result.kind }, 'slack message handled');
  });
}

export function registerMessageListeners(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, context }) => {
    await handle(deps, event as IncomingMessage, body.team_id, context.botUserId, true);
  });

  app.message(async ({ message, body, context }) => {
    const m = message as IncomingMessage & { channel_type?: string };
    const mention = mentionOf(context.botUserId);
    // A mention also arrives as app_mention, which handles it (and may open a ticket).
    if (mention && m.text?.includes(mention)) return;
    await handle(deps, m, body.team_id, context.botUserId, m.channel_type === 'im');
  });
}
