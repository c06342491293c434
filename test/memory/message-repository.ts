// MessageRepository in memory: a message's externalId is unique on its ticket, so a redelivered
// chat event is stored once (src/infra/db/message-repository.ts answers null for it too).
import { randomUUID } from 'node:crypto';
import type { MessageRepository } from '../../src/domain/ports/chat.js';
import { copy, createMemoryStore, foreignKeyViolation, type MemoryStore } from './store.js';

export function createMemoryMessageRepository(store: MemoryStore = createMemoryStore()): MessageRepository {
  return {
    async add(input) {
      if (!store.tickets.has(input.ticketId)) throw foreignKeyViolation('ticket');
      if (input.authorId !== null && !store.users.has(input.authorId)) throw foreignKeyViolation('author');
      const duplicate =
        input.externalId !== null && store.messages.some((m) => m.ticketId === input.ticketId && m.externalId === input.externalId);
      if (duplicate) return null;
      const message = { ...input, id: randomUUID(), createdAt: store.now() };
      store.messages.push(message);
      return copy(message);
    },
    findById: async (id) => {
      const message = store.messages.find((m) => m.id === id);
      return message ? copy(message) : null;
    },
    listForTicket: async (ticketId) => store.messages.filter((m) => m.ticketId === ticketId).map((m) => copy(m)),
  };
}
