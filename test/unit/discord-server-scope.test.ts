import { describe, expect, it } from 'vitest';
import {
  MAX_DM_SERVER_CHOICES,
  agentsChannelOf,
  dmServerChoices,
  dmServerOf,
  dmWorkspaceOf,
  isTicketOfServer,
  metricsScopeOf,
} from '../../src/adapters/discord/server-scope.js';

const A = '200000000000000001';
const B = '200000000000000002';
const discord = (chatWorkspaceId: string | null) => ({ chatPlatform: 'DISCORD' as const, chatWorkspaceId });
const fromApi = { chatPlatform: null, chatWorkspaceId: null };
const fromSlack = { chatPlatform: 'SLACK' as const, chatWorkspaceId: 'T1' };

describe('isTicketOfServer', () => {
  it('gives a server its own tickets and never another server’s', () => {
    expect(isTicketOfServer(discord(B), { guildId: B, isDefault: false })).toBe(true);
    expect(isTicketOfServer(discord(A), { guildId: B, isDefault: false })).toBe(false);
    expect(isTicketOfServer(discord(B), { guildId: A, isDefault: true })).toBe(false);
  });

  it('gives DMs of no server, API tickets and other platforms’ tickets to the default server only', () => {
    for (const ticket of [discord(''), discord(null), fromApi, fromSlack]) {
      expect(isTicketOfServer(ticket, { guildId: A, isDefault: true })).toBe(true);
      expect(isTicketOfServer(ticket, { guildId: B, isDefault: false })).toBe(false);
    }
  });
});

describe('agentsChannelOf', () => {
  const defaults = { defaultChannelId: 'agents-of-a', defaultGuildId: A };

  it('takes the server’s own setting first', () => {
    expect(agentsChannelOf({ ...defaults, guildId: B, setting: 'agents-of-b' })).toBe('agents-of-b');
    expect(agentsChannelOf({ ...defaults, guildId: A, setting: 'other-of-a' })).toBe('other-of-a');
  });

  it('falls back on DISCORD_AGENTS_CHANNEL_ID only in the server that channel is in', () => {
    expect(agentsChannelOf({ ...defaults, guildId: A, setting: null })).toBe('agents-of-a');
    expect(agentsChannelOf({ ...defaults, guildId: B, setting: null })).toBeUndefined();
    expect(agentsChannelOf({ defaultChannelId: 'agents-of-a', defaultGuildId: undefined, guildId: B, setting: undefined })).toBeUndefined();
  });

  it('gives tickets of no server (the API, DMs of none) the default channel', () => {
    expect(agentsChannelOf({ ...defaults, guildId: null, setting: undefined })).toBe('agents-of-a');
    expect(agentsChannelOf({ ...defaults, guildId: '', setting: undefined })).toBe('agents-of-a');
  });
});

describe('metricsScopeOf', () => {
  it('counts a server’s own tickets, and the whole deployment’s in the default server', () => {
    expect(metricsScopeOf({ guildId: B, isDefault: false })).toEqual({ platform: 'DISCORD', workspaceId: B });
    expect(metricsScopeOf({ guildId: A, isDefault: true })).toBeUndefined();
  });
});

describe('dmServerOf', () => {
  it('is the one server the customer shares with the bot', () => {
    expect(dmServerOf([{ id: B, name: 'Beta' }], A)).toBe(B);
  });

  it('is no server (the default one takes it) when they share none, or only the default', () => {
    expect(dmServerOf([], A)).toBe('');
    expect(dmServerOf([{ id: A, name: 'Alpha' }], A)).toBe('');
  });

  it('is the first by name when they share several, whatever the order they were found in', () => {
    const C = '200000000000000003';
    expect(
      dmServerOf(
        [
          { id: C, name: 'Zeta' },
          { id: B, name: 'beta' },
          { id: A, name: 'Gamma' },
        ],
        A,
      ),
    ).toBe(B);
    expect(
      dmServerOf(
        [
          { id: B, name: 'Gamma' },
          { id: A, name: 'Alpha' },
        ],
        A,
      ),
    ).toBe('');
  });
});

describe('dmServerChoices', () => {
  it('asks nothing of a customer who shares one server with the bot, or none', () => {
    expect(dmServerChoices([])).toEqual([]);
    expect(dmServerChoices([{ id: B, name: 'Beta' }])).toEqual([]);
  });

  it('offers every server they share, by name, at most 25', () => {
    expect(
      dmServerChoices([
        { id: B, name: 'Beta' },
        { id: A, name: 'alpha' },
      ]),
    ).toEqual([
      { id: A, name: 'alpha' },
      { id: B, name: 'Beta' },
    ]);
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `2${String(i).padStart(17, '0')}`,
      name: `Server ${String(39 - i).padStart(2, '0')}`,
    }));
    const offered = dmServerChoices(many);
    expect(offered).toHaveLength(MAX_DM_SERVER_CHOICES);
    expect(offered[0]!.name).toBe('Server 00');
  });
});

describe('dmWorkspaceOf', () => {
  it('is the server’s id, or no server for the default one (as DMs were before there were many servers)', () => {
    expect(dmWorkspaceOf(B, A)).toBe(B);
    expect(dmWorkspaceOf(A, A)).toBe('');
    expect(dmWorkspaceOf(B, undefined)).toBe(B);
  });
});
