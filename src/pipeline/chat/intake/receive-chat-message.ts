// A message someone wrote in chat, wherever it landed: a new ticket (a DM or a mention of the
// bot, or a customer's request in a support channel), a follow-up in a ticket's conversation, or an
// agent's internal note in the thread of an agents' post. The same for Slack and Discord; the
// adapters only translate their events.
import type { ChatPostRepository, DeliveryQueue, MessageRepository, SupportChannelRepository } from '../../../domain/ports/chat.js';
import { isCustomerIn, type ChannelAuthor } from '../../../domain/support-channel.js';
import { isStillOpen } from '../../../domain/ticket-lifecycle.js';
import type { ChatUser } from '../../../domain/user.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import { isWaitingForAPerson, type ChatPlatform, type Ticket } from '../../../domain/ticket.js';
import type { CreateTicketDeps } from '../../tickets/create-ticket.js';
import { openChatTicket } from './open-chat-ticket.js';
import { AGENTS_POST } from '../delivery/post-purposes.js';
import type { SlaScheduler } from '../../../domain/ports/sla.js';

export interface ReceiveChatMessageDeps extends CreateTicketDeps {
  users: UserRepository;
  posts: ChatPostRepository;
  messages: MessageRepository;
  deliveries: DeliveryQueue;
  supportChannels: Pick<SupportChannelRepository, 'find'>;
  /** Greetings, thanks and "solved, thanks": a support channel's messages that are not requests. */
  isChatter: (text: string) => boolean;
  /** SLA timers follow the conversation: a response stops one, a customer's follow-up starts one. */
  slaScheduler?: Pick<SlaScheduler, 'checkNow'>;
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
  /** Who wrote it, where the platform says (Slack): needed to tell customers from agents in a support channel. */
  author?: ChannelAuthor;
}

export type InboundResult =
  | { kind: 'opened'; ticket: Ticket; duplicate: boolean }
  | { kind: 'follow_up'; ticket: Ticket; relayed: boolean }
  | { kind: 'note'; ticketId: string }
  /** In a ticket's thread in a support channel, from an agent or a colleague: the customer already sees it there. */
  | { kind: 'reply_in_thread'; ticket: Ticket }
  | { kind: 'ignored'; reason?: IgnoredReason };

/** Why a support channel's top-level message opened no ticket. */
export type IgnoredReason = 'not_a_customer' | 'not_a_request';

/** Tickets whose follow-ups agents should see as they come. */

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
    if (ticket && (!message.threadIsDirectMessage || isStillOpen(ticket.status))) return addToConversation(deps, ticket, message, text);
  }

  if (!message.addressedToBot) {
    const refusal = threadId === null ? await whyNotATicket(deps, message, text) : 'not_in_a_support_channel';
    if (refusal === 'not_in_a_support_channel') return { kind: 'ignored' };
    if (refusal !== null) return { kind: 'ignored', reason: refusal };
  }
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

/**
 * A message in a ticket's conversation: the customer following up (relayed to agents once they have
 * the ticket), or, in a support channel, the agents' side answering in the thread itself.
 */
async function addToConversation(
  deps: ReceiveChatMessageDeps,
  ticket: Ticket,
  message: InboundChatMessage,
  text: string,
): Promise<InboundResult> {
  const author = await deps.users.findOrCreateChatUser(message.who);
  const fromCustomer = await isFromTicketsCustomerSide(deps, ticket, message);
  const stored = await deps.messages.add({
    ticketId: ticket.id,
    authorId: author.id,
    direction: fromCustomer ? 'INBOUND' : 'OUTBOUND',
    body: text,
    externalId: message.messageId,
  });
  // Best effort: the stored message is what counts, and the ticket's next check reads it anyway.
  if (stored && isWaitingForAPerson(ticket.status)) await deps.slaScheduler?.checkNow(ticket.id).catch(() => undefined);
  if (!fromCustomer) return { kind: 'reply_in_thread', ticket };
  const relayed = stored !== null && isWaitingForAPerson(ticket.status);
  if (stored && relayed)
    await deps.deliveries.enqueue(
      { kind: 'relay', ticketId: ticket.id, platform: message.platform, messageId: stored.id },
      ticket.priority,
    );
  return { kind: 'follow_up', ticket, relayed };
}

/**
 * Why a top-level message written without addressing the bot opens no ticket, or null when it
 * opens one: only a customer's request in a support channel does.
 */
async function whyNotATicket(
  deps: ReceiveChatMessageDeps,
  message: InboundChatMessage,
  text: string,
): Promise<IgnoredReason | 'not_in_a_support_channel' | null> {
  const channel = await deps.supportChannels.find(message.platform, message.channelId);
  if (!channel) return 'not_in_a_support_channel';
  if (!message.author || !(await isCustomerIn(channel, message.author))) return 'not_a_customer';
  return deps.isChatter(text) ? 'not_a_request' : null;
}

/**
 * Whether a message in a ticket's thread comes from the customer's side. Only a support channel's
 * threads hold both sides: there an agent answers the customer in the thread itself, and that is
 * the agents' reply, not the customer following up. Elsewhere a ticket's thread is the customer's.
 */
async function isFromTicketsCustomerSide(deps: ReceiveChatMessageDeps, ticket: Ticket, message: InboundChatMessage): Promise<boolean> {
  if (!message.author || !ticket.chatPlatform || !ticket.chatChannelId) return true;
  const channel = await deps.supportChannels.find(ticket.chatPlatform, ticket.chatChannelId);
  return channel === null || (await isCustomerIn(channel, message.author));
}
