import type { Channel, User } from 'discord.js';
import type { ChatUser } from '../../../domain/user.js';
import type { DiscordDeps } from '../discord-deps.js';

/** Discord user ids are global, so one identity serves every server and DM (workspace ''). */
export const discordUser = (user: User): ChatUser => ({
  platform: 'DISCORD',
  workspaceId: '',
  platformUserId: user.id,
  displayName: user.globalName ?? user.username,
});

/**
 * Whether an interaction or message happened in the agents' channel (or a thread of it). Discord
 * only shows that channel to people allowed to see it: being able to act there is the permission.
 */
export function isAgentsChannel(deps: Pick<DiscordDeps, 'agentsChannelId'>, channel: Channel | null, channelId: string | null): boolean {
  if (!deps.agentsChannelId) return false;
  if (channelId === deps.agentsChannelId) return true;
  return channel !== null && channel.isThread() && channel.parentId === deps.agentsChannelId;
}

export const NOT_AN_AGENT = 'Only people in the agents channel can work on tickets; use this there.';
