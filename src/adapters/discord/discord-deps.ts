import type { ChatDeps } from '../../pipeline/chat/chat-deps.js';

/** What the Discord handlers use: the shared chat ports, plus where agents work and who is an admin. */
export interface DiscordDeps extends ChatDeps {
  agentsChannelId: string | undefined;
  adminUserIds: readonly string[];
}
