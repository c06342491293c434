import type { ChatDeps } from '../../pipeline/chat/chat-deps.js';
import type { ForumPostTagger } from './forum-post-tagger.js';

/** What the Discord handlers use: the shared chat ports, plus where agents work and who is an admin. */
export interface DiscordDeps extends ChatDeps {
  agentsChannelId: string | undefined;
  adminUserIds: readonly string[];
  /** Shows a support forum post's status as a tag. */
  forumTags: ForumPostTagger;
}
