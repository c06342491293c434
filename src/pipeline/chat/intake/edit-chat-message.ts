// A customer edits or deletes a chat message after writing it. The ticket follows: an edited
// original becomes the ticket's text (the audit trail keeps the old one), and agents handling it
// see the change in their post's thread. A support channel's message that was chatter and is
// edited into a request opens its ticket then.
import type { TicketMessage } from '../../../domain/ports/chat.js';
import { isWaitingForAPerson, type Actor, type ChatPlatform, type Ticket } from '../../../domain/ticket.js';
import { receiveChatMessage, type InboundChatMessage, type InboundResult, type ReceiveChatMessageDeps } from './receive-chat-message.js';

/** Tickets whose changes agents should see as they come. */
/** After these the conversation is over: an edit changes nothing. */
const FINISHED = new Set(['RESOLVED', 'CLOSED']);

export type EditResult = InboundResult | { kind: 'edited'; ticket: Ticket; relayed: boolean };

/**
 * Stores what happened as a message on the ticket, and relays it to agents when they are on it.
 * Null when it was stored before (a redelivered event): nothing more is done.
 */
async function tellAgents(
  deps: ReceiveChatMessageDeps,
  ticket: Ticket,
  message: Omit<TicketMessage, 'id' | 'createdAt' | 'ticketId' | 'direction'>,
): Promise<{ relayed: boolean } | null> {
  const stored = await deps.messages.add({ ticketId: ticket.id, direction: 'INBOUND', ...message });
  if (!stored) return null;
  if (!isWaitingForAPerson(ticket.status) || !ticket.chatPlatform) return { relayed: false };
  await deps.deliveries.enqueue(
    { kind: 'relay', ticketId: ticket.id, platform: ticket.chatPlatform, messageId: stored.id },
    ticket.priority,
  );
  return { relayed: true };
}

/**
 * The edited text becomes the ticket's, with the old one in the audit trail. An automatic answer
 * already went out for the text as it was: that text stays the ticket's (its answer and anything
 * learned from it belong to it), and the edit is recorded beside it.
 */
async function recordEdit(deps: ReceiveChatMessageDeps, ticket: Ticket, text: string, actor: Actor): Promise<Ticket> {
  if (ticket.status === 'AUTO_RESOLVED') {
    await deps.tickets.appendEvent(ticket.id, {
      type: 'message_edited',
      actor,
      data: { previous: ticket.message, text, answeredBefore: true },
    });
    return ticket;
  }
  const updated = await deps.tickets.update(
    ticket.id,
    { message: text },
    { type: 'message_edited', actor, data: { previous: ticket.message } },
  );
  return updated ?? ticket;
}

/**
 * `message`: the message as it reads now (its id is the original's); `editId`: the platform's id
 * of this edit, so a redelivered edit is stored once.
 */
export async function editChatMessage(deps: ReceiveChatMessageDeps, message: InboundChatMessage, editId: string): Promise<EditResult> {
  const text = message.text.trim();
  const ticket = await deps.tickets.findByChatMessage(message.platform, message.channelId, message.messageId);
  if (!ticket) {
    if (text === '') return { kind: 'ignored' };
    // A reply edited in a ticket's thread is a follow-up again, stored under the edit's own id; a
    // top-level message (chatter until now) may have become a request, under its own id.
    const messageId = message.threadId ? `${message.messageId}:edit:${editId}` : message.messageId;
    return receiveChatMessage(deps, { ...message, text, messageId });
  }
  if (text === '' || text === ticket.message || FINISHED.has(ticket.status)) return { kind: 'ignored' };
  const author = await deps.users.findOrCreateChatUser(message.who);
  // Stored first: a redelivered edit finds its message there and changes nothing twice.
  const told = await tellAgents(deps, ticket, { authorId: author.id, body: `Edited their request: ${text}`, externalId: `edit:${editId}` });
  if (!told) return { kind: 'ignored' };
  const edited = await recordEdit(deps, ticket, text, { kind: 'user', userId: author.id, role: author.role });
  return { kind: 'edited', ticket: edited, relayed: told.relayed };
}

/** The customer deleted the message a ticket came from: recorded, and agents on it are told. */
export async function deleteChatMessage(
  deps: ReceiveChatMessageDeps,
  where: { platform: ChatPlatform; channelId: string; messageId: string },
): Promise<{ kind: 'deleted'; ticket: Ticket; relayed: boolean } | { kind: 'ignored' }> {
  const ticket = await deps.tickets.findByChatMessage(where.platform, where.channelId, where.messageId);
  if (!ticket || FINISHED.has(ticket.status)) return { kind: 'ignored' };
  const told = await tellAgents(deps, ticket, {
    authorId: ticket.requesterId,
    body: 'Deleted the message this ticket came from.',
    externalId: `delete:${where.messageId}`,
  });
  if (!told) return { kind: 'ignored' };
  await deps.tickets.appendEvent(ticket.id, { type: 'message_deleted', actor: { kind: 'user', userId: ticket.requesterId, role: 'USER' } });
  return { kind: 'deleted', ticket, relayed: told.relayed };
}
