// A customer's message in Slack or Discord becomes a ticket: the same steps for both platforms, so
// the adapters only translate their events. The chat user is linked to a Firstline user on first
// contact, and the ticket remembers where its conversation lives so answers go back in place.
import type { ChatUser, UserRepository } from '../domain/ports.js';
import type { ChatLocation, Ticket } from '../domain/ticket.js';
import { createTicket, type CreateTicketDeps } from './create-ticket.js';

export interface OpenChatTicketInput {
  who: ChatUser;
  message: string;
  chat: ChatLocation;
}

export async function openChatTicket(deps: CreateTicketDeps & { users: UserRepository }, input: OpenChatTicketInput): Promise<Ticket> {
  const user = await deps.users.findOrCreateChatUser(input.who);
  return createTicket(deps, {
    source: input.chat.platform,
    requesterId: user.id,
    message: input.message,
    actor: { kind: 'user', userId: user.id, role: user.role },
    chat: input.chat,
  });
}
