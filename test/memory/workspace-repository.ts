// The workspace ports in memory: one settings row and one installation per platform and workspace,
// as the primary keys of src/infra/db/workspace-repository.ts keep them.
import type { ChatInstallation, WorkspaceSettings } from '../../src/domain/chat-workspace.js';
import type { InstallationRepository, WorkspaceSettingsRepository } from '../../src/domain/ports/workspaces.js';
import { copy, createMemoryStore, type MemoryStore } from './store.js';

const same = (platform: string, workspaceId: string) => (row: { platform: string; workspaceId: string }) =>
  row.platform === platform && row.workspaceId === workspaceId;

export function createMemoryWorkspaceSettingsRepository(store: MemoryStore = createMemoryStore()): WorkspaceSettingsRepository {
  const rows = store.workspaces;
  return {
    async find(platform, workspaceId) {
      const row = rows.find(same(platform, workspaceId));
      return row ? copy(row) : null;
    },
    list: async (platform) => rows.filter((r) => (platform ?? r.platform) === r.platform).map(copy),
    async update(platform, workspaceId, patch) {
      const now = store.now();
      let row = rows.find(same(platform, workspaceId));
      if (!row) {
        row = { platform, workspaceId, agentsChannelId: null, adminUserIds: [], autoResolveMode: null, createdAt: now, updatedAt: now };
        rows.push(row);
      }
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<WorkspaceSettings>;
      Object.assign(row, defined, { updatedAt: now });
      return copy(row);
    },
    async remove(platform, workspaceId) {
      const i = rows.findIndex(same(platform, workspaceId));
      if (i >= 0) rows.splice(i, 1);
      return i >= 0;
    },
  };
}

export function createMemoryInstallationRepository(store: MemoryStore = createMemoryStore()): InstallationRepository {
  const rows = store.installations;
  return {
    async save(installation) {
      const now = store.now();
      const i = rows.findIndex(same(installation.platform, installation.workspaceId));
      const row: ChatInstallation = { ...installation, createdAt: i >= 0 ? rows[i]!.createdAt : now, updatedAt: now };
      if (i >= 0) rows[i] = row;
      else rows.push(row);
    },
    async find(platform, workspaceId) {
      const row = rows.find(same(platform, workspaceId));
      return row ? copy(row) : null;
    },
    list: async (platform) => rows.filter((r) => r.platform === platform).map(({ secret: _, ...r }) => copy(r)),
    async remove(platform, workspaceId) {
      const i = rows.findIndex(same(platform, workspaceId));
      if (i >= 0) rows.splice(i, 1);
      return i >= 0;
    },
  };
}
