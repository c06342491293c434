import type { Client, REST } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { createDiscordServers } from '../../src/adapters/discord/discord-servers.js';
import { MAX_SERVERS_CHECKED_FOR_DM } from '../../src/adapters/discord/server-scope.js';
import { createRecordingLog } from '../memory/log.js';
import { createMemorySupportChannelRepository } from '../memory/support-channel-repository.js';
import { createMemoryWorkspaceSettingsRepository } from '../memory/workspace-repository.js';

const A = '200000000000000001';
const B = '200000000000000002';
const AGENTS_OF_A = '300000000000000002';

/** A gateway client with these servers cached, each with its members; DISCORD_AGENTS_CHANNEL_ID is in A. */
function servers(guilds: { id: string; name: string; members: string[] }[]) {
  const fetches: string[] = [];
  const cache = new Map(
    guilds.map((g) => [
      g.id,
      {
        id: g.id,
        name: g.name,
        available: true,
        members: {
          fetch: async (options: string | { user: string }) => {
            const userId = typeof options === 'string' ? options : options.user;
            fetches.push(g.id);
            if (!g.members.includes(userId)) throw new Error('Unknown Member');
            return { id: userId };
          },
        },
      },
    ]),
  );
  const client = { guilds: { cache }, channels: { cache: new Map() } } as unknown as Client;
  const rest = { get: vi.fn(async () => ({ id: AGENTS_OF_A, guild_id: A })) };
  const workspaces = createMemoryWorkspaceSettingsRepository();
  const supportChannels = createMemorySupportChannelRepository();
  const built = createDiscordServers({
    client,
    rest: rest as unknown as REST,
    defaultAgentsChannelId: AGENTS_OF_A,
    adminUserIds: ['admin'],
    workspaces,
    supportChannels,
    log: createRecordingLog().log,
  });
  return { servers: built, fetches, rest, workspaces, supportChannels };
}

describe('the Discord servers', () => {
  it('finds the default server by DISCORD_AGENTS_CHANNEL_ID once, and gives no other server its channel', async () => {
    const { servers: s, rest, workspaces } = servers([]);
    expect(await s.serverOf(A)).toEqual({ guildId: A, isDefault: true, agentsChannelId: AGENTS_OF_A });
    expect(await s.serverOf(B)).toEqual({ guildId: B, isDefault: false, agentsChannelId: undefined });
    expect(await s.serverOf(null)).toEqual({ guildId: A, isDefault: true, agentsChannelId: AGENTS_OF_A });
    await workspaces.update('DISCORD', B, { agentsChannelId: 'agents-of-b' });
    expect(await s.agentsChannelOf(B)).toBe('agents-of-b');
    expect(rest.get).toHaveBeenCalledTimes(1);
  });

  it('lets Firstline’s admins, the server’s managers and the admins its settings name administer it', async () => {
    const { servers: s, workspaces } = servers([]);
    await workspaces.update('DISCORD', B, { adminUserIds: ['named'] });
    expect(await s.isAdmin(B, 'admin', false)).toBe(true);
    expect(await s.isAdmin(B, 'someone', true)).toBe(true);
    expect(await s.isAdmin(B, 'named', false)).toBe(true);
    expect(await s.isAdmin(A, 'named', false)).toBe(false);
    expect(await s.isAdmin(null, 'someone', true)).toBe(false);
  });

  it('gives a DM to the server its customer shares with the bot, without looking anyone up when the bot is only in the default one', async () => {
    const only = servers([{ id: A, name: 'Alpha', members: [] }]);
    expect(await only.servers.dmServerOf('u1')).toBe('');
    expect(only.fetches).toEqual([]);

    const two = servers([
      { id: A, name: 'Alpha', members: ['both'] },
      { id: B, name: 'Beta', members: ['both', 'b-only'] },
    ]);
    expect(await two.servers.dmServerOf('b-only')).toBe(B);
    expect(await two.servers.dmServerOf('both')).toBe('');
    expect(await two.servers.dmServerOf('nobody')).toBe('');
    // Remembered for a while: a follow-up looks nobody up.
    const before = two.fetches.length;
    expect(await two.servers.dmServerOf('b-only')).toBe(B);
    expect(two.fetches.length).toBe(before);
  });

  it('offers a DM’s customer the servers they share to choose from when there are several, and none to choose otherwise', async () => {
    const only = servers([{ id: A, name: 'Alpha', members: ['u1'] }]);
    expect(await only.servers.dmServerChoicesOf('u1')).toEqual([]);
    expect(only.fetches).toEqual([]);

    const two = servers([
      { id: B, name: 'Beta', members: ['both', 'b-only'] },
      { id: A, name: 'Alpha', members: ['both'] },
    ]);
    expect(await two.servers.dmServerChoicesOf('both')).toEqual([
      { id: A, name: 'Alpha' },
      { id: B, name: 'Beta' },
    ]);
    expect(await two.servers.dmServerChoicesOf('b-only')).toEqual([]);
    expect(await two.servers.dmServerChoicesOf('nobody')).toEqual([]);
  });

  it('takes a chosen server of the customer’s as the DM’s (the default one as no server), and refuses one they are not in', async () => {
    const two = servers([
      { id: A, name: 'Alpha', members: ['both'] },
      { id: B, name: 'Beta', members: ['both'] },
    ]);
    expect(await two.servers.dmServerChosen('both', B)).toEqual({ workspaceId: B, name: 'Beta' });
    expect(await two.servers.dmServerChosen('both', A)).toEqual({ workspaceId: '', name: 'Alpha' });
    expect(await two.servers.dmServerChosen('stranger', B)).toBeNull();
    expect(await two.servers.dmServerChosen('both', '200000000000000009')).toBeNull();
  });

  it('checks at most MAX_SERVERS_CHECKED_FOR_DM servers for a DM, the first by name', async () => {
    const many = Array.from({ length: MAX_SERVERS_CHECKED_FOR_DM + 5 }, (_, i) => ({
      id: `2${String(i).padStart(17, '0')}`,
      name: `Server ${String(i).padStart(2, '0')}`,
      members: i === MAX_SERVERS_CHECKED_FOR_DM + 4 ? ['late'] : [],
    }));
    const { servers: s, fetches } = servers(many);
    expect(await s.dmServerOf('late')).toBe('');
    expect(fetches).toHaveLength(MAX_SERVERS_CHECKED_FOR_DM);
  });

  it('ends a server’s settings and support channels when the bot leaves it, and no other’s', async () => {
    const { servers: s, workspaces, supportChannels } = servers([]);
    for (const [guild, channel] of [
      [A, 'forum-a'],
      [B, 'forum-b'],
    ] as const) {
      await workspaces.update('DISCORD', guild, { agentsChannelId: `agents-${guild}` });
      await supportChannels.save({ platform: 'DISCORD', workspaceId: guild, channelId: channel, audience: 'EVERYONE', enabledById: null });
    }
    expect(await s.leave(B)).toEqual({ settings: true, supportChannels: 1 });
    expect(await workspaces.find('DISCORD', B)).toBeNull();
    expect(await supportChannels.find('DISCORD', 'forum-b')).toBeNull();
    expect(await workspaces.find('DISCORD', A)).not.toBeNull();
    expect(await supportChannels.find('DISCORD', 'forum-a')).not.toBeNull();
  });
});
