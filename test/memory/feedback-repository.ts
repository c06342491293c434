// FeedbackRepository in memory: one rating per user and ticket, a second replaces it (as the
// unique key and upsert of src/infra/db/feedback-repository.ts do).
import { randomUUID } from 'node:crypto';
import type { FeedbackRepository } from '../../src/domain/ports/tickets.js';
import { copy, createMemoryStore, foreignKeyViolation, type MemoryStore } from './store.js';

export function createMemoryFeedbackRepository(store: MemoryStore = createMemoryStore()): FeedbackRepository {
  return {
    async upsert({ ticketId, userId, helpful, rating, comment }) {
      if (!store.tickets.has(ticketId)) throw foreignKeyViolation('ticket');
      if (!store.users.has(userId)) throw foreignKeyViolation('user');
      const fields = { helpful, rating: rating ?? null, comment: comment ?? null, updatedAt: store.now() };
      const existing = store.feedback.find((f) => f.ticketId === ticketId && f.userId === userId);
      if (existing) return copy(Object.assign(existing, fields));
      const created = { id: randomUUID(), ticketId, userId, ...fields, createdAt: fields.updatedAt };
      store.feedback.push(created);
      return copy(created);
    },

    listForTicket: async (ticketId) =>
      store.feedback
        .filter((f) => f.ticketId === ticketId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((f) => copy(f)),
  };
}
