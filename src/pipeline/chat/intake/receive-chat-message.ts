// A message someone wrote in chat, wherever it landed: a new ticket (a DM or a mention of the
// bot), a follow-up in a ticket's conversation, or an agent's internal note in the thread of an
// agents' post. The same for Slack and Discord; the adapters only translate their events.
import type { ChatPostRepository, DeliveryQueue, MessageRepository } from '../../../domain/ports/chat.js';
import type { ChatUser } from '../../../domain/user.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { ChatPlatform, Ticket } from '../../../domain/ticket.js';
import type { CreateTicketDeps } from '../../tickets/create-ticket.js';
import { openChatTicket } from './open-chat-ticket.js';
import { AGENTS_POST } from '../delivery/post-purposes.js';

export interface ReceiveChatMessageDeps extends CreateTicketDeps {
  users: UserRepository;
  posts: ChatPostRepository;
  messages: MessageRepository;
  deliveries: DeliveryQueue;
}

export interface InboundChatMessage {
  who: ChatUser;
  text: string;
  platform: ChatPlatform;
  workspaceId: string;
  channelId: string;
  /** The platform's id of this message. */
  messageId: string;
  /** The thread it was written in, if any (not the message itself). */
  threadId: string | null;
  /** A DM to the bot or a mention of it: such a message may open a ticket. */
  addressedToBot: boolean;
  /**
   * The conversation is a whole DM channel rather than a thread (Discord DMs): a message in it
   * follows up the latest ticket only while that one is still open; after, it opens a new one.
   */
  threadIsDirectMessage?: boolean;
  inAgentsChannel: boolean;
}

export type InboundResult =
  | { kind: 'opened'; ticket: Ticket; duplicate: boolean }
  | { kind: 'follow_up'; ticket: Ticket; relayed: boolean }
  | { kind: 'note'; ticketId: string }
  | { kind: 'ignored' };

/** Tickets whose follow-ups agents should see as they come. */
const WITH_AGENTS = new Set(['ESCALATED', 'IN_PROGRESS']);
/** Tickets a new DM still belongs to. */
const STILL_OPEN = new Set(['OPEN', 'ESCALATED', 'IN_PROGRESS']);

export async function receiveChatMessage(deps: ReceiveChatMessageDeps, message: InboundChatMessage): Promise<InboundResult> {
  const { platform, channelId, threadId } = message;
  const text = message.text.trim();
  if (text === '') return { kind: 'ignored' };

  if (threadId && message.inAgentsChannel) {
    const post = await deps.posts.findByMessage(platform, channelId, threadId, AGENTS_POST);
    if (!post) return { kind: 'ignored' };
    const author = await deps.users.findOrCreateChatUser(message.who);
    await deps.messages.add({
      ticketId: post.ticketId,
      authorId: author.id,
      direction: 'INTERNAL',
      body: text,
      externalId: message.messageId,
    });
    return { kind: 'note', ticketId: post.ticketId };
  }

  if (threadId) {
    const ticket = await deps.tickets.findByChatThread(platform, channelId, threadId);
    if (ticket && (!message.threadIsDirectMessage || STILL_OPEN.has(ticket.status))) {
      const author = await deps.users.findOrCreateChatUser(message.who);
      const stored = await deps.messages.add({
        ticketId: ticket.id,
        authorId: author.id,
        direction: 'INBOUND',
        body: text,
        externalId: message.messageId,
      });
      const relayed = stored !== null && WITH_AGENTS.has(ticket.status);
      if (stored && relayed)
        await deps.deliveries.enqueue({ kind: 'relay', ticketId: ticket.id, platform, messageId: stored.id }, ticket.priority);
      return { kind: 'follow_up', ticket, relayed };
    }
  }

  if (!message.addressedToBot) return { kind: 'ignored' };
  const opened = await openChatTicket(deps, {
    who: message.who,
    message: text,
    chat: {
      platform,
      workspaceId: message.workspaceId,
      channelId,
      threadId: message.threadIsDirectMessage ? channelId : (threadId ?? message.messageId),
      messageId: message.messageId,
    },
  });
  return { kind: 'opened', ...opened };
}
