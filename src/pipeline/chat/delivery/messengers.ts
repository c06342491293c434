import type { ChatMessenger, Messengers } from '../../../domain/ports/chat.js';
import type { ChatPlatform } from '../../../domain/ticket.js';

/** How a connected platform finds the messenger of one of its workspaces (null: its default). */
export type MessengerFor = (workspaceId: string | null) => Promise<ChatMessenger | undefined>;

/** The connected platforms, each with its own lookup (in the order given: API tickets' preference). */
export function messengersByPlatform(platforms: ReadonlyMap<ChatPlatform, MessengerFor>): Messengers {
  return {
    forWorkspace: async (platform, workspaceId) => platforms.get(platform)?.(workspaceId),
    platforms: [...platforms.keys()],
  };
}
