// A support channel: a chat channel where customers write as they would to a colleague, and each of
// their top-level requests becomes a ticket without a command or a mention (Slack Connect channels
// shared with customer companies, internal help channels, community channels).
import type { ChatPlatform } from './ticket.js';

export const CHANNEL_AUDIENCES = ['EXTERNAL', 'EVERYONE'] as const;
/**
 * Who counts as a customer there. EXTERNAL: people from other organisations only (in a Slack
 * Connect channel the deploying team's own members are colleagues, not customers). EVERYONE: all but
 * agents (an internal support channel where colleagues ask, or a community workspace).
 */
export type ChannelAudience = (typeof CHANNEL_AUDIENCES)[number];

export interface SupportChannel {
  platform: ChatPlatform;
  workspaceId: string;
  channelId: string;
  audience: ChannelAudience;
  enabledById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the adapter knows of a message's author. */
export interface ChannelAuthor {
  /** From another organisation than the workspace the bot serves (Slack Connect). */
  isExternal: boolean;
  /** A member of the agents' channel; asked only when the rest does not settle it (it may call the platform). */
  isAgent: () => Promise<boolean>;
}

/**
 * Whether the author of a message in a support channel is a customer there. Agents never are, even
 * external ones (a partner's engineer helping in a shared channel); bots are filtered before this.
 */
export async function isCustomerIn(channel: Pick<SupportChannel, 'audience'>, author: ChannelAuthor): Promise<boolean> {
  if (channel.audience === 'EXTERNAL' && !author.isExternal) return false;
  return !(await author.isAgent());
}
