import type { ChatPerson } from '../../../domain/ports/chat.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { ChatPlatform } from '../../../domain/ticket.js';

/** How a Firstline user is shown on a chat platform: a mention when they have an identity there. */
export async function describePerson(users: UserRepository, userId: string, platform: ChatPlatform): Promise<ChatPerson> {
  const [user, identity] = await Promise.all([users.findById(userId), users.findChatIdentity(userId, platform)]);
  return {
    name: identity?.displayName ?? user?.displayName ?? user?.email ?? 'a customer',
    chatUserId: identity?.platformUserId ?? null,
  };
}
