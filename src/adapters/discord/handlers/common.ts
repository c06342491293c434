import { PermissionFlagsBits, type Channel, type Client, type Message, type User } from 'discord.js';
import type { ChannelAuthor } from '../../../domain/support-channel.js';
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

/**
 * Whether a user is an agent: they can see the agents' channel (the same rule as acting there).
 * The member comes from the cache (a message's author is cached with it), or is fetched from the
 * agents' channel's server; someone not in that server is no agent.
 */
export async function isDiscordAgent(deps: Pick<DiscordDeps, 'agentsChannelId'>, client: Client, userId: string): Promise<boolean> {
  if (!deps.agentsChannelId) return false;
  const channel = await client.channels.fetch(deps.agentsChannelId).catch(() => null);
  if (!channel || channel.isDMBased()) return false;
  const member = await channel.guild.members.fetch(userId).catch(() => null);
  return member !== null && channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel);
}

/** What a support channel needs to know of a message's author: Discord has no external members, and agents see the agents' channel. */
export const discordAuthor = (deps: Pick<DiscordDeps, 'agentsChannelId'>, message: Message): ChannelAuthor => ({
  isExternal: false,
  isAgent: () => isDiscordAgent(deps, message.client, message.author.id),
});
