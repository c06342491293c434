// The PostgreSQL chat storage ports held to the contract the in-memory ones the fast specs use are
// held to (test/contracts/chat-storage.contract.ts), on a database of their own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { createChatPostRepository } from '../../src/infra/db/chat-post-repository.js';
import { openDatabase, type Database } from '../../src/infra/db/database.js';
import { createMessageRepository } from '../../src/infra/db/message-repository.js';
import { createSupportChannelRepository } from '../../src/infra/db/support-channel-repository.js';
import { createTicketRepository } from '../../src/infra/db/ticket-repository.js';
import { createUserRepository } from '../../src/infra/db/user-repository.js';
import { chatStorageContract, type ChatStorageFixture } from '../contracts/chat-storage.contract.js';
import { createTestDatabase } from '../helpers/test-database.js';

describe('PostgreSQL chat storage', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let fixture: ChatStorageFixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ kind: 'postgres', url: database.url }, { migrate: false });
    const users = createUserRepository(db);
    const tickets = createTicketRepository(db);
    fixture = {
      posts: createChatPostRepository(db),
      messages: createMessageRepository(db.prisma),
      supportChannels: createSupportChannelRepository(db.prisma),
      newTicket: async () => {
        const requester = await users.create({ email: `${randomUUID()}@example.com`, passwordHash: null, role: 'USER' });
        const ticket = await tickets.create(
          { source: 'API', requesterId: requester.id, message: 'Hello' },
          { type: 'created', actor: { kind: 'system' } },
        );
        return { ticketId: ticket.id, requesterId: requester.id };
      },
    };
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  chatStorageContract(() => fixture);
});
