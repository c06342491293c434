// Slack's outbound side for the delivery queue. The client rejects rate-limited calls instead of
// waiting inside the request, so a 429 becomes RateLimitedError and the queue honours Retry-After.
// Every call goes through the shared outbound policy (timeout, retry, breaker).
import { webApi } from '@slack/bolt';
import { RateLimitedError, UndeliverableError, type ChatMessenger, type PostKey, type PostRef } from '../../domain/ports/chat.js';
import type { OutboundPolicy } from '../../domain/resilience.js';
import { agentsPost, customerMessage, headerMessage, incidentPost, relayMessage, slaNoticeMessage } from './blocks.js';
import { findKeyedPost, postMetadata } from './keyed-posts.js';

type Message = Awaited<ReturnType<typeof headerMessage>>;

/** Slack errors worth retrying; any other error Slack answers with will not change on a retry. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export function createSlackMessenger(client: webApi.WebClient, agentsChannel: string | undefined, policy: OutboundPolicy): ChatMessenger {
  // The Web API client takes no abort signal: a call past its deadline is abandoned, not cancelled.
  const call = <T>(run: () => Promise<T>): Promise<T> => policy.execute(() => classified(run));
  const classified = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if ((err as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) {
        throw new RateLimitedError((err as webApi.WebAPIRateLimitedError).retryAfter * 1000, { cause: err });
      }
      if ((err as { code?: unknown }).code === webApi.ErrorCode.PlatformError) {
        const slackError = String((err as webApi.WebAPIPlatformError).data.error);
        if (!TRANSIENT_PLATFORM_ERRORS.has(slackError)) throw new UndeliverableError(`Slack refused: ${slackError}`, { cause: err });
      }
      throw err;
    }
  };
  const post = async (channel: string, message: Message, key: PostKey, threadTs?: string | null): Promise<PostRef> => {
    // A lookup Slack refuses (a scope or channel it will not read) cannot find anything: post.
    const earlier = await findKeyedPost(client, call, { channel, threadTs }, key).catch((err: unknown) => {
      if (err instanceof UndeliverableError) return null;
      throw err;
    });
    if (earlier) return earlier;
    const res = await call(() =>
      client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        metadata: postMetadata(key),
      }),
    );
    if (!res.ts || !res.channel) throw new Error('chat.postMessage answered without a channel and ts');
    return { channelId: res.channel, messageId: res.ts };
  };
  /** Posts in the agents' channel, or updates the post already there. */
  const upsertInAgentsChannel = async (message: Message, existing: PostRef | null, key: PostKey): Promise<PostRef> => {
    if (!existing) {
      if (!agentsChannel) throw new Error('no agents channel configured');
      return post(agentsChannel, message, key);
    }
    await call(() =>
      client.chat.update({ channel: existing.channelId, ts: existing.messageId, text: message.text, blocks: message.blocks }),
    );
    return existing;
  };

  return {
    platform: 'SLACK',
    hasAgentsChannel: agentsChannel !== undefined,
    // Slack's command replies are ephemeral: the header is always a post of its own.
    postHeader: (ticket, requester, _anchor, key) => post(ticket.chatChannelId!, headerMessage(ticket, requester), key),
    notifyCustomer: (where, notice, key) => post(where.channelId, customerMessage(notice), key, where.threadId),
    upsertAgentsPost: (view, existing, key) => upsertInAgentsChannel(agentsPost(view), existing, key),
    relayToAgents: (agentsPostRef, from, text, key) =>
      post(agentsPostRef.channelId, relayMessage(from, text), key, agentsPostRef.messageId),
    noticeSlaToAgents: (agentsPostRef, notice, key) =>
      post(agentsPostRef.channelId, slaNoticeMessage(notice), key, agentsPostRef.messageId),
    upsertIncidentPost: (incident, existing, key) => upsertInAgentsChannel(incidentPost(incident), existing, key),
  };
}
