import type { FeedbackRepository } from '../../domain/ports/tickets.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

export function createFeedbackRepository(prisma: PrismaClient): FeedbackRepository {
  return {
    upsert: ({ ticketId, userId, helpful, rating, comment }) =>
      prisma.feedback.upsert({
        where: { ticketId_userId: { ticketId, userId } },
        create: { ticketId, userId, helpful, rating: rating ?? null, comment: comment ?? null },
        update: { helpful, rating: rating ?? null, comment: comment ?? null },
      }),
    listForTicket: (ticketId) => prisma.feedback.findMany({ where: { ticketId }, orderBy: { createdAt: 'asc' } }),
  };
}
