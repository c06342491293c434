import type { WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';
import type { ChatDeps } from '../../pipeline/chat/chat-deps.js';
import type { DiscordServers } from './discord-servers.js';
import type { ForumPostTagger } from './forum-post-tagger.js';

/** What the Discord handlers use: the shared chat ports, plus each server's agents' channel and admins. */
export interface DiscordDeps extends ChatDeps {
  /** Every server's settings: its agents' channel, its admins. */
  workspaces: WorkspaceSettingsRepository;
  /** The servers the bot serves: where agents work in each, who administers it, whose a DM is. */
  servers: DiscordServers;
  /** Shows a support forum post's status as a tag. */
  forumTags: ForumPostTagger;
}
