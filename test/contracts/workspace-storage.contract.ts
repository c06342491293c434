// What the workspace ports do (WorkspaceSettingsRepository, InstallationRepository), written once and
// run against the in-memory ones (test/unit/memory-workspace-storage.test.ts) and the PostgreSQL ones
// (test/integration/workspace-storage-contract.test.ts). Every test works on its own workspace.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InstallationRepository, WorkspaceSettingsRepository } from '../../src/domain/ports/workspaces.js';

export interface WorkspaceStorageFixture {
  workspaces: WorkspaceSettingsRepository;
  installations: InstallationRepository;
}

export function workspaceStorageContract(fixture: () => WorkspaceStorageFixture): void {
  describe('WorkspaceSettingsRepository', () => {
    it('creates settings on the first change, changes only what a patch sets, and forgets them once', async () => {
      const { workspaces } = fixture();
      const team = `T-${randomUUID()}`;
      expect(await workspaces.find('SLACK', team)).toBeNull();
      const first = await workspaces.update('SLACK', team, { agentsChannelId: 'C-AGENTS' });
      expect(first).toMatchObject({
        platform: 'SLACK',
        workspaceId: team,
        agentsChannelId: 'C-AGENTS',
        adminUserIds: [],
        autoResolveMode: null,
      });
      const second = await workspaces.update('SLACK', team, { autoResolveMode: 'SHADOW', adminUserIds: ['U1', 'U2'] });
      expect(second).toMatchObject({ agentsChannelId: 'C-AGENTS', autoResolveMode: 'SHADOW', adminUserIds: ['U1', 'U2'] });
      expect(await workspaces.update('SLACK', team, { agentsChannelId: null })).toMatchObject({
        agentsChannelId: null,
        autoResolveMode: 'SHADOW',
      });
      expect(await workspaces.find('DISCORD', team)).toBeNull();
      expect((await workspaces.list('SLACK')).filter((w) => w.workspaceId === team)).toHaveLength(1);
      expect(await workspaces.remove('SLACK', team)).toBe(true);
      expect(await workspaces.remove('SLACK', team)).toBe(false);
      expect(await workspaces.find('SLACK', team)).toBeNull();
    });
  });

  describe('InstallationRepository', () => {
    it('keeps one installation per workspace, gives its secret back, lists none of it, and removes it', async () => {
      const { installations } = fixture();
      const team = `T-${randomUUID()}`;
      const installation = { platform: 'SLACK' as const, workspaceId: team, name: 'Acme', botUserId: 'UBOT', installedById: 'U1' };
      await installations.save({ ...installation, secret: '{"bot":{"token":"xoxb-1"}}' });
      await installations.save({ ...installation, name: 'Acme Inc', secret: '{"bot":{"token":"xoxb-2"}}' });
      expect(await installations.find('SLACK', team)).toMatchObject({
        ...installation,
        name: 'Acme Inc',
        secret: '{"bot":{"token":"xoxb-2"}}',
      });
      const listed = (await installations.list('SLACK')).filter((i) => i.workspaceId === team);
      expect(listed).toEqual([expect.objectContaining({ workspaceId: team, name: 'Acme Inc' })]);
      expect(JSON.stringify(listed)).not.toContain('xoxb');
      expect(await installations.remove('SLACK', team)).toBe(true);
      expect(await installations.find('SLACK', team)).toBeNull();
      expect(await installations.remove('SLACK', team)).toBe(false);
    });
  });
}
