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
 * Whether an interaction or message happened in the server's agents' channel (or a thread of it).
 * Discord only shows that channel to people allowed to see it: being able to act there is the permission.
 */
export function isAgentsChannel(agentsChannelId: string | undefined, channel: Channel | null, channelId: string | null): boolean {
  if (!agentsChannelId) return false;
  if (channelId === agentsChannelId) return true;
  return channel !== null && channel.isThread() && channel.parentId === agentsChannelId;
}

export const NOT_AN_AGENT = 'Only people in the agents channel can work on tickets; use this there.';

/**
 * Whether a user is an agent of a server: they can see its agents' channel (the same rule as acting
 * there). The member comes from the cache (a message's author is cached with it), or is fetched
 * from the server; someone not in it is no agent.
 */
export async function isDiscordAgent(
  deps: Pick<DiscordDeps, 'servers'>,
  client: Client,
  guildId: string,
  userId: string,
): Promise<boolean> {
  const agentsChannelId = await deps.servers.agentsChannelOf(guildId);
  if (!agentsChannelId) return false;
  const channel = await client.channels.fetch(agentsChannelId).catch(() => null);
  if (!channel || channel.isDMBased() || channel.guildId !== guildId) return false;
  const member = await channel.guild.members.fetch(userId).catch(() => null);
  return member !== null && channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel);
}

/** What a support channel needs to know of a message's author: Discord has no external members, and agents see their server's agents' channel. */
export const discordAuthor = (deps: Pick<DiscordDeps, 'servers'>, message: Message<true>): ChannelAuthor => ({
  isExternal: false,
  isAgent: () => isDiscordAgent(deps, message.client, message.guildId, message.author.id),
});

/** The ticket's answer to agents of another server: the same as for a ticket that does not exist. */
export const NO_SUCH_TICKET = 'That ticket no longer exists.';
