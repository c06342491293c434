// A ChatMessenger that records what it posts instead of calling Slack or Discord. It honours the
// PostKey contract: a retried attempt (`retryingSince` set) finds the post an earlier attempt made
// with the same key instead of posting again, as the real messengers ask the platform.
import type { AgentsPostView, ChatMessenger, ChatPerson, CustomerNotice, PostKey, PostRef } from '../../src/domain/ports/chat.js';
import type { IncidentSummary } from '../../src/domain/incident.js';
import type { SlaNotice } from '../../src/domain/ports/sla.js';
import type { ChatPlatform, Ticket } from '../../src/domain/ticket.js';

export type SentMessage =
  | { kind: 'header'; ticketNumber: number; requester: ChatPerson; anchored: boolean }
  | { kind: 'customer'; threadId: string | null; notice: CustomerNotice }
  | { kind: 'agents'; view: AgentsPostView }
  | { kind: 'relay'; from: ChatPerson; text: string }
  | { kind: 'incident'; incident: IncidentSummary }
  | { kind: 'sla'; notice: SlaNotice };

/** A message made on the platform (`updates`: its later edits, newest last). */
export interface RecordedPost extends PostRef {
  key: string;
  /** The thread it was posted in, if any. */
  threadId: string | null;
  message: SentMessage;
  updates: SentMessage[];
}

export interface RecordingMessenger extends ChatMessenger {
  /** Every message made, in order. */
  readonly posts: RecordedPost[];
  /** Posts of one kind. */
  postsOf<K extends SentMessage['kind']>(kind: K): (RecordedPost & { message: Extract<SentMessage, { kind: K }> })[];
}

export function createRecordingMessenger(
  options: { platform?: ChatPlatform; hasAgentsChannel?: boolean; agentsChannelId?: string } = {},
): RecordingMessenger {
  const platform = options.platform ?? 'SLACK';
  const agentsChannelId = options.agentsChannelId ?? 'C-AGENTS';
  const posts: RecordedPost[] = [];
  let ids = 0;

  const post = (key: PostKey, channelId: string, threadId: string | null, message: SentMessage): PostRef => {
    const earlier = key.retryingSince ? posts.find((p) => p.key === key.key) : undefined;
    if (earlier) return { channelId: earlier.channelId, messageId: earlier.messageId };
    ids += 1;
    const made = { key: key.key, channelId, messageId: `${platform}-M${ids}`, threadId, message, updates: [] };
    posts.push(made);
    return { channelId, messageId: made.messageId };
  };
  const update = (existing: PostRef, message: SentMessage): PostRef => {
    posts.find((p) => p.messageId === existing.messageId)?.updates.push(message);
    return existing;
  };

  return {
    platform,
    hasAgentsChannel: options.hasAgentsChannel ?? true,
    posts,
    postsOf: <K extends SentMessage['kind']>(kind: K) =>
      posts.filter((p): p is RecordedPost & { message: Extract<SentMessage, { kind: K }> } => p.message.kind === kind),

    async postHeader(ticket: Ticket, requester, anchor, key) {
      // Where the platform made a visible reply (Discord), the conversation opens from it.
      if (anchor) return anchor;
      return post(key, ticket.chatChannelId ?? '', null, { kind: 'header', ticketNumber: ticket.number, requester, anchored: false });
    },
    notifyCustomer: async (where, notice, key) =>
      post(key, where.channelId, where.threadId, { kind: 'customer', threadId: where.threadId, notice }),
    upsertAgentsPost: async (view, existing, key) =>
      existing ? update(existing, { kind: 'agents', view }) : post(key, agentsChannelId, null, { kind: 'agents', view }),
    relayToAgents: async (agentsPost, from, text, key) =>
      post(key, agentsPost.channelId, agentsPost.messageId, { kind: 'relay', from, text }),
    noticeSlaToAgents: async (agentsPost, notice, key) => post(key, agentsPost.channelId, agentsPost.messageId, { kind: 'sla', notice }),
    upsertIncidentPost: async (incident, existing, key) =>
      existing ? update(existing, { kind: 'incident', incident }) : post(key, agentsChannelId, null, { kind: 'incident', incident }),
  };
}
