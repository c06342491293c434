// The Discord servers the bot serves, and what Firstline uses in each: its agents' channel (its own
// setting, else DISCORD_AGENTS_CHANNEL_ID when that channel is in it), its admins, and which server
// a DM's customer belongs to (or may choose from). The server of DISCORD_AGENTS_CHANNEL_ID is the
// default one: it also takes tickets from the API and DMs of no server.
import { DiscordAPIError, Routes, type Client, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { SupportChannelRepository } from '../../domain/ports/chat.js';
import type { WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';
import {
  MAX_SERVERS_CHECKED_FOR_DM,
  agentsChannelOf,
  dmServerChoices,
  dmServerOf,
  dmWorkspaceOf,
  type DiscordServer,
  type SharedServer,
} from './server-scope.js';

export interface DiscordServers {
  /** The server as its agents work in it; null or '' (the API, a DM of no server): the default server. */
  serverOf(guildId: string | null): Promise<DiscordServer>;
  /** Its agents' channel, if it has one; null or '': the default server's. */
  agentsChannelOf(guildId: string | null): Promise<string | undefined>;
  /** Firstline's Discord admins, those the server's settings name, and (`canManageServer`) its own managers. */
  isAdmin(guildId: string | null, userId: string, canManageServer: boolean): Promise<boolean>;
  /** The server a DM from this user belongs to ('' for the default server or none); see dmServerOf. */
  dmServerOf(userId: string): Promise<string>;
  /** The servers a DM's customer is asked to choose from before their ticket opens: none when they share fewer than two. */
  dmServerChoicesOf(userId: string): Promise<SharedServer[]>;
  /**
   * The server a DM's customer chose: its ticket's server id ('' for the default server) and name;
   * null when the bot is not in it, or the customer is not (any more).
   */
  dmServerChosen(userId: string, guildId: string): Promise<{ workspaceId: string; name: string } | null>;
  /** The bot left the server (or was removed): its settings and support channels end. Tickets stay. */
  leave(guildId: string): Promise<{ settings: boolean; supportChannels: number }>;
}

/** How long a DM's customer's server is remembered: follow-ups need no member lookups. */
const DM_SERVER_TTL_MS = 5 * 60_000;

export function createDiscordServers(options: {
  client: Client;
  rest: REST;
  defaultAgentsChannelId: string | undefined;
  adminUserIds: readonly string[];
  workspaces: WorkspaceSettingsRepository;
  supportChannels: SupportChannelRepository;
  log: Logger;
}): DiscordServers {
  const { client, workspaces, defaultAgentsChannelId } = options;
  let defaultGuild: Promise<string | undefined> | undefined;
  const dmServers = new Map<string, { shared: SharedServer[]; at: number }>();

  /** The server of DISCORD_AGENTS_CHANNEL_ID, looked up once (a channel never moves); over REST, so deliveries need no gateway. */
  const defaultGuildId = (): Promise<string | undefined> => {
    if (!defaultAgentsChannelId) return Promise.resolve(undefined);
    const cached = client.channels.cache.get(defaultAgentsChannelId);
    if (cached && !cached.isDMBased()) return Promise.resolve(cached.guildId);
    defaultGuild ??= (options.rest.get(Routes.channel(defaultAgentsChannelId)) as Promise<{ guild_id?: string }>).then(
      (channel) => channel.guild_id,
      (err: unknown) => {
        defaultGuild = undefined;
        // Gone or hidden from the bot: no server has it. Anything else may pass: the caller retries.
        if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 404)) {
          options.log.warn({ err, channel: defaultAgentsChannelId }, 'DISCORD_AGENTS_CHANNEL_ID is not a channel the bot can see');
          return undefined;
        }
        throw err;
      },
    );
    return defaultGuild;
  };

  const settingOf = async (guildId: string | null) => (guildId ? await workspaces.find('DISCORD', guildId) : null);

  const agentsChannelFor = async (guildId: string | null) =>
    agentsChannelOf({
      guildId,
      setting: (await settingOf(guildId))?.agentsChannelId,
      defaultChannelId: defaultAgentsChannelId,
      defaultGuildId: await defaultGuildId(),
    });

  const lookUpSharedServers = async (userId: string): Promise<SharedServer[]> => {
    const guilds = [...client.guilds.cache.values()]
      .filter((g) => g.available)
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, MAX_SERVERS_CHECKED_FOR_DM);
    const members = await Promise.all(guilds.map((g) => g.members.fetch(userId).catch(() => null)));
    return guilds.filter((_, i) => members[i] !== null).map((g) => ({ id: g.id, name: g.name }));
  };

  /** The servers a DM's customer shares with the bot, remembered a while; none, and no lookup, when the bot is only in the default server. */
  const sharedServersOf = async (userId: string): Promise<SharedServer[]> => {
    const known = dmServers.get(userId);
    if (known && Date.now() - known.at < DM_SERVER_TTL_MS) return known.shared;
    const defaultId = await defaultGuildId();
    const guilds = [...client.guilds.cache.keys()];
    // One server, the default one: DMs are its own, as they always were; no lookup needed.
    const shared = guilds.length <= 1 && (guilds.length === 0 || guilds[0] === defaultId) ? [] : await lookUpSharedServers(userId);
    dmServers.set(userId, { shared, at: Date.now() });
    return shared;
  };

  return {
    async serverOf(guildId) {
      const defaultId = await defaultGuildId();
      const isDefault = !guildId || guildId === defaultId;
      return { guildId: guildId || (defaultId ?? ''), isDefault, agentsChannelId: await agentsChannelFor(guildId) };
    },
    agentsChannelOf: agentsChannelFor,
    async isAdmin(guildId, userId, canManageServer) {
      if (options.adminUserIds.includes(userId)) return true;
      if (!guildId) return false;
      if (canManageServer) return true;
      return (await settingOf(guildId))?.adminUserIds.includes(userId) === true;
    },
    async dmServerOf(userId) {
      return dmServerOf(await sharedServersOf(userId), await defaultGuildId());
    },
    async dmServerChoicesOf(userId) {
      return dmServerChoices(await sharedServersOf(userId));
    },
    async dmServerChosen(userId, guildId) {
      const guild = client.guilds.cache.get(guildId);
      // Asked of Discord, not the cache (without the members intent it never hears of one leaving): the menu may have waited a while.
      const member = guild?.available ? await guild.members.fetch({ user: userId, force: true }).catch(() => null) : null;
      return guild && member ? { workspaceId: dmWorkspaceOf(guild.id, await defaultGuildId()), name: guild.name } : null;
    },
    async leave(guildId) {
      const settings = await workspaces.remove('DISCORD', guildId);
      const channels = await options.supportChannels.list({ platform: 'DISCORD', workspaceId: guildId });
      for (const channel of channels) await options.supportChannels.remove('DISCORD', channel.channelId);
      for (const [userId, known] of dmServers) if (known.shared.some((g) => g.id === guildId)) dmServers.delete(userId);
      return { settings, supportChannels: channels.length };
    },
  };
}
