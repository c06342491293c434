// `/firstline agents-channel | mode | settings`: what the words mean and what each does, over memory ports.
import { describe, expect, it } from 'vitest';
import {
  parseWorkspaceCommand,
  runWorkspaceCommand,
  type WorkspaceCommandContext,
} from '../../src/pipeline/chat/workspaces/workspace-command.js';
import { memoryDeps } from '../memory/index.js';

const mention = { channel: (id: string) => `<#${id}>`, person: (id: string) => `<@${id}>` };

describe('parseWorkspaceCommand', () => {
  it.each([
    ['agents-channel', { kind: 'agents_channel' }],
    ['settings', { kind: 'settings' }],
    ['mode shadow', { kind: 'mode', mode: 'SHADOW' }],
    [' Mode LIVE ', { kind: 'mode', mode: 'LIVE' }],
    ['mode default', { kind: 'mode', mode: null }],
    ['mode loud', null],
    ['agents-channel here please', null],
    ['channel on', null],
    ['admins add <@U0AB12|dana> <@U0CD34>', { kind: 'admins', change: 'add', userIds: ['U0AB12', 'U0CD34'] }],
    ['admins remove <@!123456789>', { kind: 'admins', change: 'remove', userIds: ['123456789'] }],
    ['admins add dana', null],
    ['admins promote <@U0AB12>', null],
    ['admins add', null],
  ])('reads %j', (text, command) => {
    expect(parseWorkspaceCommand(text)).toEqual(command);
  });
});

describe('runWorkspaceCommand', () => {
  const context = (fields: Partial<WorkspaceCommandContext> = {}): WorkspaceCommandContext => ({
    platform: 'SLACK',
    workspaceId: 'T1',
    channelId: 'C-AGENTS-T1',
    isAdmin: true,
    defaults: { agentsChannelId: undefined, autoResolveMode: 'live' },
    ...fields,
  });

  it('makes the channel it is typed in the workspace’s agents’ channel, and sets its mode', async () => {
    const deps = memoryDeps();
    expect(await runWorkspaceCommand(deps, context(), { kind: 'agents_channel' }, mention)).toMatch(/posted in <#C-AGENTS-T1>/);
    expect(await runWorkspaceCommand(deps, context(), { kind: 'mode', mode: 'SHADOW' }, mention)).toMatch(/suggested to agents only/);
    expect(await deps.workspaces.find('SLACK', 'T1')).toMatchObject({ agentsChannelId: 'C-AGENTS-T1', autoResolveMode: 'SHADOW' });
    const back = await runWorkspaceCommand(deps, context(), { kind: 'mode', mode: null }, mention);
    expect(back).toMatch(/sent \(live\) \(the default\)/);
  });

  it('lets anyone read the settings but only admins change them', async () => {
    const deps = memoryDeps();
    const member = context({ isAdmin: false });
    expect(await runWorkspaceCommand(deps, member, { kind: 'settings' }, mention)).toMatch(/none yet/);
    expect(await runWorkspaceCommand(deps, member, { kind: 'agents_channel' }, mention)).toBe(
      'Only admins can change how Firstline works here.',
    );
    expect(await deps.workspaces.find('SLACK', 'T1')).toBeNull();
  });

  it('says which defaults apply when nothing is set', async () => {
    const deps = memoryDeps();
    const text = await runWorkspaceCommand(
      deps,
      context({ defaults: { agentsChannelId: 'C-ENV', autoResolveMode: 'shadow' } }),
      { kind: 'settings' },
      mention,
    );
    expect(text).toContain('<#C-ENV>');
    expect(text).toMatch(/shadow\) \(the default\)/);
  });

  it('adds and removes admins, each once, and shows them', async () => {
    const deps = memoryDeps();
    await runWorkspaceCommand(deps, context(), { kind: 'admins', change: 'add', userIds: ['U1', 'U2'] }, mention);
    const text = await runWorkspaceCommand(deps, context(), { kind: 'admins', change: 'add', userIds: ['U2', 'U3'] }, mention);
    expect(text).toContain('<@U1>, <@U2>, <@U3>');
    await runWorkspaceCommand(deps, context(), { kind: 'admins', change: 'remove', userIds: ['U2'] }, mention);
    expect((await deps.workspaces.find('SLACK', 'T1'))?.adminUserIds).toEqual(['U1', 'U3']);
    expect(await runWorkspaceCommand(deps, context({ isAdmin: false }), { kind: 'admins', change: 'add', userIds: ['U9'] }, mention)).toBe(
      'Only admins can change how Firstline works here.',
    );
  });
});
