// Idempotent posting on Slack, which has no idempotency key of its own: every new post carries
// the delivery's key as message metadata, and a retried delivery first reads the channel (or the
// thread) since its first attempt for a post with that key. Reading only on retries keeps the
// conversations.history/replies calls (rate tier 3) to the rare attempt that may have posted.
import type { webApi } from '@slack/bolt';
import type { PostKey, PostRef } from '../../domain/ports/chat.js';

export const POST_EVENT_TYPE = 'firstline_post';

/** How far before the first attempt to look, for clocks that disagree. */
const CLOCK_SLACK_SECONDS = 60;
/** One page: a retry comes within minutes of its first attempt. */
const LOOKUP_LIMIT = 200;

export function postMetadata(key: PostKey): { event_type: string; event_payload: { key: string } } {
  return { event_type: POST_EVENT_TYPE, event_payload: { key: key.key } };
}

type Found = { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

/**
 * The post an earlier attempt made with this key, in the channel (or under `threadTs`), if any.
 * Null on a first attempt without asking Slack. `call` runs a Web API call under the messenger's
 * outbound policy.
 */
export async function findKeyedPost(
  client: webApi.WebClient,
  call: <T>(run: () => Promise<T>) => Promise<T>,
  where: { channel: string; threadTs?: string | null },
  key: PostKey,
): Promise<PostRef | null> {
  if (!key.retryingSince) return null;
  const oldest = (key.retryingSince.getTime() / 1000 - CLOCK_SLACK_SECONDS).toFixed(6);
  const query = { channel: where.channel, oldest, include_all_metadata: true, limit: LOOKUP_LIMIT };
  const threadTs = where.threadTs;
  const page = threadTs
    ? await call(() => client.conversations.replies({ ...query, ts: threadTs }))
    : await call(() => client.conversations.history(query));
  const messages = (page.messages ?? []) as Found[];
  const hit = messages.find((m) => m.metadata?.event_type === POST_EVENT_TYPE && m.metadata.event_payload?.key === key.key);
  return hit?.ts ? { channelId: where.channel, messageId: hit.ts } : null;
}
