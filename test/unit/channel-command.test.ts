// `/firstline channel …`: what the words mean, and what each does to the channel, over memory ports.
import { describe, expect, it } from 'vitest';
import { parseChannelCommand, runChannelCommand, type ChannelCommandContext } from '../../src/pipeline/chat/channels/channel-command.js';
import { memoryDeps } from '../memory/index.js';

describe('parseChannelCommand', () => {
  it.each([
    ['channel', { kind: 'status' }],
    ['channel on', { kind: 'on', audience: null }],
    ['  Channel ON External ', { kind: 'on', audience: 'EXTERNAL' }],
    ['channel on everyone', { kind: 'on', audience: 'EVERYONE' }],
    ['channel off', { kind: 'off' }],
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['channel on partners', { kind: 'help' }],
    ['channel off now', { kind: 'help' }],
    ['channel on external please', { kind: 'help' }],
  ])('reads %j', (text, command) => {
    expect(parseChannelCommand(text)).toEqual(command);
  });
});

describe('runChannelCommand', () => {
  const context = (fields: Partial<ChannelCommandContext> = {}): ChannelCommandContext => ({
    platform: 'SLACK',
    workspaceId: 'T1',
    channelId: 'C-HELP',
    userId: 'u-admin',
    isAdmin: true,
    defaultAudience: async () => 'EXTERNAL',
    ...fields,
  });

  it('turns the channel on with the platform’s default audience, or the one given, and says how it is set', async () => {
    const deps = memoryDeps();
    expect(await runChannelCommand(deps, context(), { kind: 'on', audience: null })).toMatch(/people from other organisations/);
    expect(await deps.supportChannels.find('SLACK', 'C-HELP')).toMatchObject({
      audience: 'EXTERNAL',
      enabledById: 'u-admin',
      workspaceId: 'T1',
    });
    expect(await runChannelCommand(deps, context(), { kind: 'on', audience: 'EVERYONE' })).toMatch(/everyone but agents/);
    expect(await deps.supportChannels.find('SLACK', 'C-HELP')).toMatchObject({ audience: 'EVERYONE' });
    expect(await runChannelCommand(deps, context({ isAdmin: false }), { kind: 'status' })).toMatch(/^This is a support channel/);
  });

  it('turns it off, and says when it was not on', async () => {
    const deps = memoryDeps();
    await runChannelCommand(deps, context(), { kind: 'on', audience: 'EXTERNAL' });
    expect(await runChannelCommand(deps, context(), { kind: 'off' })).toMatch(/no longer a support channel/);
    expect(await deps.supportChannels.find('SLACK', 'C-HELP')).toBeNull();
    expect(await runChannelCommand(deps, context(), { kind: 'off' })).toBe('This was not a support channel.');
    expect(await runChannelCommand(deps, context(), { kind: 'status' })).toMatch(/^This is not a support channel/);
  });

  it('lets anyone ask how the channel is set, but only admins change it', async () => {
    const deps = memoryDeps();
    const member = context({ isAdmin: false, userId: 'u-member' });
    expect(await runChannelCommand(deps, member, { kind: 'on', audience: null })).toBe('Only admins can change how a channel is handled.');
    expect(await runChannelCommand(deps, member, { kind: 'off' })).toBe('Only admins can change how a channel is handled.');
    expect(await deps.supportChannels.list()).toEqual([]);
  });
});
