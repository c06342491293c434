// The in-memory chat storage ports, held to the contract the PostgreSQL ones are
// (test/integration/chat-storage-contract.test.ts).
import { beforeEach, describe } from 'vitest';
import { chatStorageContract, type ChatStorageFixture } from '../contracts/chat-storage.contract.js';
import { aTicket, memoryDeps } from '../memory/index.js';

describe('in-memory chat storage', () => {
  let fixture: ChatStorageFixture;
  beforeEach(() => {
    const deps = memoryDeps();
    fixture = {
      posts: deps.posts,
      messages: deps.messages,
      supportChannels: deps.supportChannels,
      newTicket: async () => {
        const ticket = await aTicket(deps, 'OPEN');
        return { ticketId: ticket.id, requesterId: ticket.requesterId };
      },
    };
  });
  chatStorageContract(() => fixture);
});
