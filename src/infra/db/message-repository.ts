import type { MessageRepository } from '../../domain/ports/chat.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { isUniqueViolation } from './prisma-errors.js';

export function createMessageRepository(prisma: PrismaClient): MessageRepository {
  return {
    async add(input) {
      try {
        return await prisma.message.create({ data: input });
      } catch (err) {
        // The same chat message delivered twice is stored once.
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },
    findById: (id) => prisma.message.findUnique({ where: { id } }),
    listForTicket: (ticketId) => prisma.message.findMany({ where: { ticketId }, orderBy: { createdAt: 'asc' } }),
  };
}
