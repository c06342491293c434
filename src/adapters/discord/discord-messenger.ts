// Discord's outbound side for the delivery queue, over REST. The client rejects rate-limited calls
// instead of sleeping on them and does not retry, so a 429 becomes RateLimitedError (the queue
// honours its retry-after) and 5xx errors are retried by the shared outbound policy, then by the
// queue with backoff. The policy's breaker stops calling Discord while it keeps failing.
// Posting is idempotent across retries through Discord's own nonce: with enforce_nonce, a second
// message with the same nonce from the bot within a few minutes returns the first instead of
// posting again (the retry after a post whose recording failed, or whose answer was lost).
import { createHash } from 'node:crypto';
import { DiscordAPIError, RateLimitError, Routes, type REST, type RESTPostAPIChannelMessageResult } from 'discord.js';
import {
  RateLimitedError,
  UndeliverableError,
  type ChatMessenger,
  type CustomerNotice,
  type PostKey,
  type PostRef,
} from '../../domain/ports/chat.js';
import type { OutboundPolicy } from '../../domain/resilience.js';
import type { TicketStatus } from '../../domain/ticket.js';
import type { ForumPostTagger } from './forum-post-tagger.js';
import {
  agentsPost,
  commandReply,
  customerMessage,
  incidentPost,
  relayMessage,
  slaNoticeMessage,
  type DiscordMessage,
} from './messages.js';

/** Discord's nonce is at most 25 characters: a digest of the key, 150 bits. */
const nonceFor = (key: PostKey): string => createHash('sha256').update(key.key).digest('base64url').slice(0, 25);

/** The thread under an agents' post: the customer's follow-ups, agents' notes and SLA notices. */
const AGENTS_THREAD_NAME = 'Customer follow-ups and notes';

/** "A thread has already been created for this message": a thread from a message has the message's id. */
const THREAD_ALREADY_EXISTS = 160004;

/** The status a customer notice tells of, which a support forum's post is tagged with. */
const STATUS_OF_NOTICE: Readonly<Record<CustomerNotice['kind'], TicketStatus>> = {
  answer: 'AUTO_RESOLVED',
  escalated: 'ESCALATED',
  agent_answer: 'RESOLVED',
};

export function createDiscordMessenger(
  rest: REST,
  agentsChannelId: string | undefined,
  policy: OutboundPolicy,
  forumTags?: ForumPostTagger,
  /**
   * Whether a channel is a DM. A DM's ticket belongs to the server its customer shares with the bot,
   * so its server id does not tell; without this, a DM is a ticket of no server ('').
   */
  isDirectMessage?: (channelId: string) => Promise<boolean>,
): ChatMessenger {
  const call = <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => policy.execute((signal) => classified(run, signal));
  const classified = async <T>(run: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> => {
    try {
      return await run(signal);
    } catch (err) {
      if (err instanceof RateLimitError) throw new RateLimitedError(Math.max(err.retryAfter, 100), { cause: err });
      // 4xx other than 429 (unknown channel, missing access) will not change on a retry.
      if (err instanceof DiscordAPIError && err.status >= 400 && err.status < 500) {
        throw new UndeliverableError(`Discord refused: ${err.code} ${err.message}`, { cause: err });
      }
      throw err;
    }
  };
  const send = async (channelId: string, message: DiscordMessage, key: PostKey): Promise<PostRef> => {
    const body = { ...message, nonce: nonceFor(key), enforce_nonce: true };
    const posted = (await call((signal) =>
      rest.post(Routes.channelMessages(channelId), { body, signal }),
    )) as RESTPostAPIChannelMessageResult;
    return { channelId: posted.channel_id, messageId: posted.id };
  };
  /** A thread started from a message; its id is the message's id. */
  const threadFrom = async (post: PostRef, name: string): Promise<string> => {
    try {
      await call((signal) =>
        rest.post(Routes.threads(post.channelId, post.messageId), { body: { name, auto_archive_duration: 10080 }, signal }),
      );
    } catch (err) {
      const code = err instanceof UndeliverableError && err.cause instanceof DiscordAPIError ? err.cause.code : undefined;
      if (code !== THREAD_ALREADY_EXISTS) throw err;
    }
    return post.messageId;
  };
  /** Posts in the agents' channel, or edits the post already there. */
  const upsertInAgentsChannel = async (message: DiscordMessage, existing: PostRef | null, key: PostKey): Promise<PostRef> => {
    if (!existing) {
      if (!agentsChannelId) throw new Error('no agents channel configured');
      return send(agentsChannelId, message, key);
    }
    await call((signal) => rest.patch(Routes.channelMessage(existing.channelId, existing.messageId), { body: message, signal }));
    return existing;
  };

  return {
    platform: 'DISCORD',
    hasAgentsChannel: agentsChannelId !== undefined,
    async postHeader(ticket, requester, anchor, key) {
      const channelId = ticket.chatChannelId!;
      // A DM has no threads: the DM itself is the conversation.
      if (ticket.chatWorkspaceId === '' || (await isDirectMessage?.(channelId))) return { channelId, messageId: channelId };
      const post = anchor ?? (await send(channelId, { content: commandReply(ticket, requester), allowed_mentions: { parse: [] } }, key));
      return { channelId, messageId: await threadFrom(post, `Ticket #${ticket.number}`) };
    },
    async notifyCustomer(where, notice, key) {
      const posted = await send(where.threadId ?? where.channelId, customerMessage(notice), key);
      // A ticket opened by a post in a support forum lives in that post (its thread): the post's tag shows where it stands.
      if (forumTags && where.threadId) {
        await forumTags.tag({ channelId: where.channelId, threadId: where.threadId }, STATUS_OF_NOTICE[notice.kind]);
      }
      return posted;
    },
    upsertAgentsPost: (view, existing, key) => upsertInAgentsChannel(agentsPost(view), existing, key),
    upsertIncidentPost: (incident, existing, key) => upsertInAgentsChannel(incidentPost(incident), existing, key),
    async relayToAgents(post, from, text, key) {
      const thread = await threadFrom(post, AGENTS_THREAD_NAME);
      return send(thread, relayMessage(from, text), key);
    },
    async noticeSlaToAgents(post, notice, key) {
      const thread = await threadFrom(post, AGENTS_THREAD_NAME);
      return send(thread, slaNoticeMessage(notice), key);
    },
  };
}
