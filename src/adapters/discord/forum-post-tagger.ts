// A support forum's post shows its ticket's status as a tag. The forum's tags and the post's current
// ones come from the gateway client's cache (kept up to date by the gateway, fetched when missing);
// the post is edited through the client, so the cache holds the new tags at once.
import { ChannelType, type Client } from 'discord.js';
import type { Logger } from 'pino';
import type { TicketStatus } from '../../domain/ticket.js';
import { tagsFor } from './forum-status-tags.js';

export interface ForumPostTagger {
  /**
   * Tags the post `threadId` with `status` when `channelId` is a forum with status tags; anything
   * else is left alone. Never throws: a missing tag is not worth a failed delivery.
   */
  tag(where: { channelId: string; threadId: string }, status: TicketStatus): Promise<void>;
}

export function createForumPostTagger(client: Client, log: Logger): ForumPostTagger {
  return {
    async tag({ channelId, threadId }, status) {
      // A DM is its own conversation, not a post.
      if (channelId === threadId) return;
      try {
        const forum = await client.channels.fetch(channelId);
        if (forum?.type !== ChannelType.GuildForum) return;
        const post = await client.channels.fetch(threadId);
        if (!post?.isThread() || post.parentId !== forum.id) return;
        const next = tagsFor(status, forum.availableTags, post.appliedTags);
        if (next) await post.setAppliedTags(next);
      } catch (err) {
        log.warn({ err, channelId, threadId, status }, 'could not tag the support forum post with its status');
      }
    },
  };
}
