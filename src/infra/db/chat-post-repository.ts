import type { ChatPostRepository } from '../../domain/chat-ports.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

const FIELDS = { ticketId: true, platform: true, purpose: true, channelId: true, messageId: true } as const;

export function createChatPostRepository(prisma: PrismaClient): ChatPostRepository {
  return {
    find: (ticketId, purpose) => prisma.chatPost.findUnique({ where: { ticketId_purpose: { ticketId, purpose } }, select: FIELDS }),
    async record(post) {
      await prisma.chatPost.createMany({ data: [post], skipDuplicates: true });
    },
    findByMessage: (platform, channelId, messageId, purpose) =>
      prisma.chatPost.findFirst({ where: { platform, channelId, messageId, purpose }, select: FIELDS }),
  };
}
