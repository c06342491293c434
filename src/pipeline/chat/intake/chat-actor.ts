import type { ChatUser } from '../../../domain/user.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { Actor } from '../../../domain/ticket.js';

/**
 * The Firstline actor behind a chat user, linked on first contact. Membership of the agents'
 * channel is the permission to act as an agent there, whatever role the account has; an admin
 * stays an admin.
 */
export async function chatActor(users: UserRepository, who: ChatUser, isAgent: boolean): Promise<Extract<Actor, { kind: 'user' }>> {
  const user = await users.findOrCreateChatUser(who);
  const role = user.role === 'ADMIN' ? 'ADMIN' : isAgent ? 'AGENT' : user.role;
  return { kind: 'user', userId: user.id, role };
}
