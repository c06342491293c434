// A customer's message in Slack or Discord becomes a ticket: the same steps for both platforms, so
// the adapters only translate their events. The chat user is linked to a Firstline user on first
// contact, and the ticket remembers where its conversation lives so answers go back in place.
import type { ChatPostRepository, DeliveryQueue, PostRef } from '../../../domain/ports/chat.js';
import { isAppError } from '../../../domain/errors.js';
import type { ChatUser } from '../../../domain/user.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { ChatLocation, Ticket } from '../../../domain/ticket.js';
import { COMMAND_REPLY } from '../delivery/post-purposes.js';
import { createTicket, type CreateTicketDeps } from '../../tickets/create-ticket.js';

export interface OpenChatTicketInput {
  who: ChatUser;
  message: string;
  chat: ChatLocation;
}

/**
 * Opens the ticket. A chat message that already opened one (a redelivered event) returns that
 * ticket with `duplicate: true` instead of opening a second.
 */
export async function openChatTicket(
  deps: CreateTicketDeps & { users: UserRepository },
  input: OpenChatTicketInput,
): Promise<{ ticket: Ticket; duplicate: boolean }> {
  const user = await deps.users.findOrCreateChatUser(input.who);
  const { chat } = input;
  try {
    const ticket = await createTicket(deps, {
      source: chat.platform,
      requesterId: user.id,
      message: input.message,
      actor: { kind: 'user', userId: user.id, role: user.role },
      chat,
    });
    return { ticket, duplicate: false };
  } catch (err) {
    if (!isAppError(err) || err.code !== 'conflict' || !chat.messageId) throw err;
    const existing = await deps.tickets.findByChatMessage(chat.platform, chat.channelId, chat.messageId);
    if (!existing) throw err;
    return { ticket: existing, duplicate: true };
  }
}

/**
 * A ticket opened by a command (Slack's /support, Discord's /support): it has no message of its
 * own to thread under, so a visible "Ticket #N" post is made and its thread is the conversation.
 * Where the platform shows the command's reply to everyone (Discord), `announce` makes that reply
 * and the conversation is opened from it. The rest goes through the delivery queue; nothing slow
 * runs while the command waits for its ack.
 */
export async function openCommandTicket(
  deps: CreateTicketDeps & { users: UserRepository; deliveries: DeliveryQueue; posts: ChatPostRepository },
  input: { who: ChatUser; message: string; chat: Omit<ChatLocation, 'threadId' | 'messageId'> },
  announce?: (ticket: Ticket) => Promise<PostRef>,
): Promise<Ticket> {
  const { ticket } = await openChatTicket(deps, { ...input, chat: { ...input.chat, threadId: null, messageId: null } });
  const platform = input.chat.platform;
  if (announce) {
    const reply = await announce(ticket);
    await deps.posts.record({ ticketId: ticket.id, platform, purpose: COMMAND_REPLY, ...reply });
  }
  try {
    await deps.deliveries.enqueue({ kind: 'header', ticketId: ticket.id, platform }, ticket.priority);
  } catch (err) {
    // The reply's delivery posts the header itself when it has waited long enough.
    deps.log.warn({ err, ticketId: ticket.id }, 'could not queue the ticket post; the reply will make it');
  }
  return ticket;
}
