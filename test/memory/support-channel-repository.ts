// SupportChannelRepository in memory: one row per platform and channel, as the unique key of
// src/infra/db/support-channel-repository.ts keeps it.
import type { SupportChannelRepository } from '../../src/domain/ports/chat.js';
import type { SupportChannel } from '../../src/domain/support-channel.js';
import { copy, createMemoryStore, type MemoryStore } from './store.js';

export function createMemorySupportChannelRepository(store: MemoryStore = createMemoryStore()): SupportChannelRepository {
  const rows = store.supportChannels;
  const at = (platform: string, channelId: string) => rows.findIndex((c) => c.platform === platform && c.channelId === channelId);
  return {
    async find(platform, channelId) {
      const i = at(platform, channelId);
      return i < 0 ? null : copy(rows[i]!);
    },
    async list(filter = {}) {
      return rows
        .filter((c) => (filter.platform ?? c.platform) === c.platform && (filter.workspaceId ?? c.workspaceId) === c.workspaceId)
        .map(copy);
    },
    async save(channel) {
      const i = at(channel.platform, channel.channelId);
      const now = store.now();
      const row: SupportChannel =
        i < 0
          ? { ...channel, createdAt: now, updatedAt: now }
          : { ...rows[i]!, audience: channel.audience, enabledById: channel.enabledById, updatedAt: now };
      if (i < 0) rows.push(row);
      else rows[i] = row;
      return copy(row);
    },
    async remove(platform, channelId) {
      const i = at(platform, channelId);
      if (i < 0) return false;
      rows.splice(i, 1);
      return true;
    },
  };
}
