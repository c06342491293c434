// DMs and mentions open tickets, and so do customers' requests in support channels; messages in a
// ticket's thread are its follow-ups; messages in the thread of an agents' post are internal notes.
// Edits and deletions of a ticket's message reach its ticket. Joins, topic changes and bots
// (Firstline itself included) are ignored.
import type { App } from '@slack/bolt';
import { deleteChatMessage, editChatMessage } from '../../../pipeline/chat/intake/edit-chat-message.js';
import { receiveChatMessage, type InboundChatMessage } from '../../../pipeline/chat/intake/receive-chat-message.js';
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
  channel_type?: string;
  /** message_changed: the message as it reads now. */
  message?: Omit<IncomingMessage, 'channel'> & { edited?: { ts?: string } };
  /** message_deleted: which message. */
  deleted_ts?: string;
}

/** Subtypes that are still someone writing: a message with a file, a thread reply also sent to the channel. */
const WRITTEN = new Set([undefined, 'file_share', 'thread_broadcast']);

const mentionOf = (botUserId: string | undefined) => (botUserId ? `<@${botUserId}>` : undefined);

/** The inbound message Firstline reads, with the mention of the bot taken out of its text. */
async function inbound(
  deps: SlackDeps,
  message: IncomingMessage & { user: string },
  teamId: string,
  botUserId: string | undefined,
  addressedToBot: boolean,
): Promise<InboundChatMessage> {
  const mention = mentionOf(botUserId);
  const text = (mention ? (message.text ?? '').split(mention).join(' ') : (message.text ?? '')).replace(/\s+/g, ' ').trim();
  const author = message.user;
  return {
    who: slackUser(teamId, author),
    text: text.slice(0, deps.maxMessageChars),
    platform: 'SLACK',
    workspaceId: teamId,
    channelId: message.channel,
    messageId: message.ts,
    threadId: message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null,
    addressedToBot,
    inAgentsChannel: message.channel === (await deps.people.agentsChannel(teamId)),
    author: { isExternal: (message.user_team ?? teamId) !== teamId, isAgent: () => deps.people.isAgent(teamId, author) },
  };
}

const isWrittenByPerson = (message: IncomingMessage): message is IncomingMessage & { user: string } =>
  message.user !== undefined && message.bot_id === undefined;

async function handle(
  deps: SlackDeps,
  message: IncomingMessage,
  teamId: string,
  botUserId: string | undefined,
  addressedToBot: boolean,
): Promise<void> {
  if (!isWrittenByPerson(message) || !WRITTEN.has(message.subtype)) return;
  await once(deps, `msg:${message.channel}:${message.ts}`, async () => {
    const result = await receiveChatMessage(deps, await inbound(deps, message, teamId, botUserId, addressedToBot));
    deps.log.debug({ channel: message.channel, ts: message.ts, result: result.kind }, 'slack message handled');
  });
}

/**
 * A person edited their message (Slack also sends message_changed when only an unfurl or a reply
 * count changed: those carry no `edited`), or deleted it.
 */
async function handleChange(deps: SlackDeps, event: IncomingMessage, teamId: string, botUserId: string | undefined): Promise<void> {
  if (event.subtype === 'message_deleted') {
    if (!event.deleted_ts) return;
    const where = { platform: 'SLACK' as const, channelId: event.channel, messageId: event.deleted_ts };
    await once(deps, `deleted:${event.channel}:${event.deleted_ts}`, async () => void (await deleteChatMessage(deps, where)));
    return;
  }
  const edited = event.message;
  const editId = edited?.edited?.ts;
  if (!edited || !editId) return;
  const message = { ...edited, channel: event.channel };
  if (!isWrittenByPerson(message)) return;
  const addressedToBot = event.channel_type === 'im' || (botUserId !== undefined && (edited.text ?? '').includes(`<@${botUserId}>`));
  await once(deps, `edit:${event.channel}:${edited.ts}:${editId}`, async () => {
    const result = await editChatMessage(deps, await inbound(deps, message, teamId, botUserId, addressedToBot), editId);
    deps.log.debug({ channel: event.channel, ts: edited.ts, result: result.kind }, 'slack edit handled');
  });
}

export function registerMessageListeners(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, context }) => {
    await handle(deps, event as IncomingMessage, body.team_id, context.botUserId, true);
  });

  app.message(async ({ message, body, context }) => {
    const m = message as IncomingMessage;
    const mention = mentionOf(context.botUserId);
    // A mention also arrives as app_mention, which handles it (and may open a ticket).
    if (mention && m.text?.includes(mention)) return;
    if (m.subtype === 'message_changed' || m.subtype === 'message_deleted') {
      return handleChange(deps, m, body.team_id, context.botUserId);
    }
    await handle(deps, m, body.team_id, context.botUserId, m.channel_type === 'im');
  });
}
