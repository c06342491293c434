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

/** A server a DM's customer shares with the bot. */
export interface SharedServer {
  id: string;
  name: string;
}

const byName = (servers: readonly SharedServer[]): SharedServer[] =>
  [...servers].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

/** A DM's ticket's server id for one of the bot's servers: '' for the default one, as DMs were before there were many servers. */
export const dmWorkspaceOf = (guildId: string, defaultGuildId: string | undefined): string => (guildId === defaultGuildId ? '' : guildId);

/**
 * The server a DM belongs to, from the servers its customer shares with the bot: none → '' (the
 * default server takes it); one → that one; several → the first by name (for `/support` typed in a
 * DM, which does not ask; a DM's message asks instead, see dmServerChoices). The default server is
 * '' as well.
 */
export function dmServerOf(shared: readonly SharedServer[], defaultGuildId: string | undefined): string {
  const [first] = byName(shared);
  return first ? dmWorkspaceOf(first.id, defaultGuildId) : '';
}

/** A select menu's most options (Discord's limit). */
export const MAX_DM_SERVER_CHOICES = 25;

/**
 * The servers a DM's customer is asked to choose from before their ticket opens (a ticket cannot
 * move between servers once open): those they share with the bot, by name, at most
 * MAX_DM_SERVER_CHOICES. None when they share fewer than two: there is nothing to ask.
 */
export function dmServerChoices(shared: readonly SharedServer[]): SharedServer[] {
  return shared.length < 2 ? [] : byName(shared).slice(0, MAX_DM_SERVER_CHOICES);
}
