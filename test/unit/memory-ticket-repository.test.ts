// The in-memory TicketRepository the use-case specs stand on, held to the same contract as the
// PostgreSQL one (test/integration/ticket-repository-contract.test.ts).
import { beforeEach, describe } from 'vitest';
import { ticketRepositoryContract, type TicketRepositoryFixture } from '../contracts/ticket-repository.contract.js';
import { createMemoryStore } from '../memory/store.js';
import { createMemoryTicketRepository } from '../memory/ticket-repository.js';
import { createMemoryUserRepository } from '../memory/user-repository.js';

describe('in-memory TicketRepository', () => {
  let fixture: TicketRepositoryFixture;
  beforeEach(() => {
    const store = createMemoryStore();
    const users = createMemoryUserRepository(store);
    let n = 0;
    fixture = {
      tickets: createMemoryTicketRepository(store),
      newUser: async (displayName = 'Test User') =>
        (await users.create({ email: `user${++n}@example.com`, passwordHash: null, role: 'USER', displayName })).id,
    };
  });
  ticketRepositoryContract(() => fixture);
});
