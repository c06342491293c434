// ChatPostRepository in memory: one post per ticket and purpose, a second record keeps the first
// (the unique key and skipDuplicates of src/infra/db/chat-post-repository.ts).
import type { ChatPost, ChatPostRepository } from '../../src/domain/ports/chat.js';
import { createMemoryStore, foreignKeyViolation, type MemoryStore } from './store.js';

const fields = (post: ChatPost): ChatPost => ({
  ticketId: post.ticketId,
  platform: post.platform,
  purpose: post.purpose,
  channelId: post.channelId,
  messageId: post.messageId,
});

export function createMemoryChatPostRepository(store: MemoryStore = createMemoryStore()): ChatPostRepository {
  return {
    async find(ticketId, purpose) {
      const post = store.posts.find((p) => p.ticketId === ticketId && p.purpose === purpose);
      return post ? fields(post) : null;
    },
    async record(post) {
      if (!store.tickets.has(post.ticketId)) throw foreignKeyViolation('ticket');
      if (store.posts.some((p) => p.ticketId === post.ticketId && p.purpose === post.purpose)) return;
      store.posts.push(fields(post));
    },
    async findByMessage(platform, channelId, messageId, purpose) {
      const post = store.posts.find(
        (p) => p.platform === platform && p.channelId === channelId && p.messageId === messageId && p.purpose === purpose,
      );
      return post ? fields(post) : null;
    },
  };
}
