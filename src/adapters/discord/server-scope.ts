// Which Discord server a ticket, an agents' channel and a DM belong to. Pure: the servers' lookups
// (settings, the gateway's guilds, members) are in discord-servers.ts.
import { isTicketOfWorkspace } from '../../domain/chat-workspace.js';
import type { Ticket } from '../../domain/ticket.js';

/**
 * A server as its agents work in it. `isDefault`: it holds DISCORD_AGENTS_CHANNEL_ID, so it also
 * takes tickets from the API and DMs that belong to no server.
 */
export interface DiscordServer {
  guildId: string;
  isDefault: boolean;
  /** Where its escalations are posted and its agents act; undefined: it has none. */
  agentsChannelId: string | undefined;
}

/**
 * Whether agents of `server` may see and act on the ticket. A DM's ticket that belongs to no
 * server has the server id '' and goes to the default server, like a ticket from the API.
 */
export function isTicketOfServer(
  ticket: Pick<Ticket, 'chatPlatform' | 'chatWorkspaceId'>,
  server: Pick<DiscordServer, 'guildId' | 'isDefault'>,
): boolean {
  const own = ticket.chatPlatform === 'DISCORD' && ticket.chatWorkspaceId === '' ? { ...ticket, chatWorkspaceId: null } : ticket;
  return isTicketOfWorkspace(own, { platform: 'DISCORD', workspaceId: server.guildId, isDefault: server.isDefault });
}

/**
 * A server's agents' channel: its own setting, else DISCORD_AGENTS_CHANNEL_ID when that channel is
 * in this server (never another server's channel: it would show one server's tickets to another's
 * agents). `guildId` null: the default server's (tickets from the API, DMs of no server).
 */
export function agentsChannelOf(options: {
  guildId: string | null;
  setting: string | null | undefined;
  defaultChannelId: string | undefined;
  defaultGuildId: string | undefined;
}): string | undefined {
  if (options.setting) return options.setting;
  if (options.guildId === null || options.guildId === '') return options.defaultChannelId;
  return options.guildId === options.defaultGuildId ? options.defaultChannelId : undefined;
}

/** The figures `/metrics` shows in a server: its own tickets, or the whole deployment's in the default server. */
export const metricsScopeOf = (server: Pick<DiscordServer, 'guildId' | 'isDefault'>) =>
  server.isDefault ? undefined : { platform: 'DISCORD' as const, workspaceId: server.guildId };

/**
 * How many of the bot's servers are checked for a DM's customer (one member lookup each): enough
 * for a deployment that serves a handful of servers; a customer of a server past it is treated as
 * sharing none of these, and their DM goes to the default server.
 */
export const MAX_SERVERS_CHECKED_FOR_DM = 25;

/**
 * The server a DM belongs to, from the servers its customer shares with the bot: none → '' (the
 * default server takes it); one → that one; several → the first by name (Discord gives no way to
 * tell which one they meant without asking, and a ticket cannot move between servers once open).
 * The default server is '' as well, as DMs were before there were many servers.
 */
export function dmServerOf(shared: readonly { id: string; name: string }[], defaultGuildId: string | undefined): string {
  const [first] = [...shared].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return !first || first.id === defaultGuildId ? '' : first.id;
}
