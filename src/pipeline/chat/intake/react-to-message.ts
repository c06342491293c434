// Emoji on a chat message as commands: 🎫 makes any message a ticket (a request someone spotted in
// a busy channel, or one the detector took for chatter), and ✅ by an agent resolves the ticket of
// that thread with the reply the agent already wrote there. The same for every platform; the
// adapter says which emoji means what and fetches the message the emoji is on.
import type { ChatPostRepository, DeliveryQueue, MessageRepository, TicketMessage } from '../../../domain/ports/chat.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { ChatUser } from '../../../domain/user.js';
import type { ChatPlatform, Ticket } from '../../../domain/ticket.js';
import type { CreateTicketDeps } from '../../tickets/create-ticket.js';
import { closeTicket } from '../../tickets/close-ticket.js';
import { resolveTicket, type ResolveTicketDeps } from '../../tickets/resolve-ticket.js';
import { AGENTS_POST } from '../delivery/post-purposes.js';
import { chatActor } from './chat-actor.js';
import { openChatTicket } from './open-chat-ticket.js';

export type ReactionMeaning = 'open_ticket' | 'resolve';

/** The message an emoji was put on, as the platform gives it back. */
export interface ReactedMessage {
  platform: ChatPlatform;
  workspaceId: string;
  channelId: string;
  messageId: string;
  /** The thread it is a reply in; null for a top-level message. */
  threadId: string | null;
  /** Its author; null for a bot's message. */
  author: ChatUser | null;
  text: string;
}

export interface Reaction {
  meaning: ReactionMeaning;
  /** Who put the emoji there. */
  who: ChatUser;
  isAgent: () => Promise<boolean>;
  message: ReactedMessage;
}

export type ReactionResult =
  | { kind: 'opened'; ticket: Ticket; duplicate: boolean }
  | { kind: 'resolved'; ticket: Ticket }
  | { kind: 'closed'; ticket: Ticket }
  /** What the reaction asks for cannot be done; `why` is what to tell the one who reacted. */
  | { kind: 'refused'; why: ReactionRefusal }
  | { kind: 'ignored' };

export type ReactionRefusal = 'not_an_agent' | 'no_reply_in_thread' | 'not_decided_yet' | 'too_long';

export type ReactionDeps = CreateTicketDeps &
  ResolveTicketDeps & {
    users: UserRepository;
    posts: ChatPostRepository;
    messages: MessageRepository;
    deliveries: DeliveryQueue;
    maxMessageChars: number;
  };

export async function reactToMessage(deps: ReactionDeps, reaction: Reaction): Promise<ReactionResult> {
  return reaction.meaning === 'open_ticket' ? openFromReaction(deps, reaction.message) : resolveFromReaction(deps, reaction);
}

/** The ticket whose conversation holds the message: its thread, its own message, or its agents' post. */
async function ticketOfMessage(deps: ReactionDeps, message: ReactedMessage): Promise<Ticket | null> {
  const { platform, channelId, messageId } = message;
  const inThread = await deps.tickets.findByChatThread(platform, channelId, message.threadId ?? messageId);
  if (inThread) return inThread;
  const agentsPost = await deps.posts.findByMessage(platform, channelId, messageId, AGENTS_POST);
  return agentsPost ? deps.tickets.findById(agentsPost.ticketId) : null;
}

/**
 * 🎫: the message's author is the requester, whoever reacted; its thread is the conversation. A
 * message already in a ticket's conversation, or a bot's, opens nothing.
 */
async function openFromReaction(deps: ReactionDeps, message: ReactedMessage): Promise<ReactionResult> {
  const text = message.text.trim();
  if (!message.author || text === '') return { kind: 'ignored' };
  if (text.length > deps.maxMessageChars) return { kind: 'refused', why: 'too_long' };
  const existing = await ticketOfMessage(deps, message);
  if (existing) return { kind: 'opened', ticket: existing, duplicate: true };
  const opened = await openChatTicket(deps, {
    who: message.author,
    message: text,
    chat: {
      platform: message.platform,
      workspaceId: message.workspaceId,
      channelId: message.channelId,
      threadId: message.threadId ?? message.messageId,
      messageId: message.messageId,
    },
  });
  return { kind: 'opened', ...opened };
}

/** The newest reply someone on the agents' side wrote in the ticket's own thread (see receive-chat-message.ts). */
function latestReplyInThread(messages: readonly TicketMessage[]): TicketMessage | null {
  const replies = messages.filter((m) => m.direction === 'OUTBOUND' && m.authorId !== null && m.externalId !== null);
  return replies.reduce<TicketMessage | null>((latest, m) => (latest === null || m.createdAt >= latest.createdAt ? m : latest), null);
}

/**
 * ✅ by an agent: an escalated ticket is resolved with the reply the agent wrote in its thread (the
 * customer has read it there, so it is not sent again; see deliver-to-chat.ts), which also teaches
 * the system like any agent's answer. An automatic answer that did the job is closed.
 */
async function resolveFromReaction(deps: ReactionDeps, reaction: Reaction): Promise<ReactionResult> {
  const ticket = await ticketOfMessage(deps, reaction.message);
  if (!ticket) return { kind: 'ignored' };
  if (!(await reaction.isAgent())) return { kind: 'refused', why: 'not_an_agent' };
  const actor = await chatActor(deps.users, reaction.who, true);
  switch (ticket.status) {
    case 'OPEN':
      return { kind: 'refused', why: 'not_decided_yet' };
    case 'AUTO_RESOLVED':
      return { kind: 'closed', ticket: await closeTicket(deps.tickets, actor, ticket) };
    case 'RESOLVED':
    case 'CLOSED':
      return { kind: 'ignored' };
    case 'ESCALATED':
    case 'IN_PROGRESS': {
      const reply = latestReplyInThread(await deps.messages.listForTicket(ticket.id));
      if (!reply) return { kind: 'refused', why: 'no_reply_in_thread' };
      return { kind: 'resolved', ticket: await resolveTicket(deps, actor, ticket, { response: reply.body }) };
    }
  }
}
