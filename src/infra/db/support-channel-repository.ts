// The support channels: one row per channel while it is on.
import type { SupportChannelRepository } from '../../domain/ports/chat.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

const FIELDS = {
  platform: true,
  workspaceId: true,
  channelId: true,
  audience: true,
  enabledById: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function createSupportChannelRepository(prisma: PrismaClient): SupportChannelRepository {
  return {
    find: (platform, channelId) =>
      prisma.supportChannel.findUnique({ where: { platform_channelId: { platform, channelId } }, select: FIELDS }),
    list: (filter = {}) =>
      prisma.supportChannel.findMany({
        where: { platform: filter.platform, workspaceId: filter.workspaceId },
        orderBy: [{ createdAt: 'asc' }, { channelId: 'asc' }],
        select: FIELDS,
      }),
    save: ({ platform, workspaceId, channelId, audience, enabledById }) =>
      prisma.supportChannel.upsert({
        where: { platform_channelId: { platform, channelId } },
        create: { platform, workspaceId, channelId, audience, enabledById },
        update: { audience, enabledById },
        select: FIELDS,
      }),
    async remove(platform, channelId) {
      const { count } = await prisma.supportChannel.deleteMany({ where: { platform, channelId } });
      return count > 0;
    },
  };
}
