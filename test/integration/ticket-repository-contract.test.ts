// The PostgreSQL TicketRepository held to the contract the in-memory one the fast specs use is
// held to (test/contracts/ticket-repository.contract.ts): the real boundary, on a database of its own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/infra/db/database.js';
import { createTicketRepository } from '../../src/infra/db/ticket-repository.js';
import { createUserRepository } from '../../src/infra/db/user-repository.js';
import { ticketRepositoryContract, type TicketRepositoryFixture } from '../contracts/ticket-repository.contract.js';
import { createTestDatabase } from '../helpers/test-database.js';

describe('PostgreSQL TicketRepository', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let fixture: TicketRepositoryFixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ kind: 'postgres', url: database.url }, { migrate: false });
    const users = createUserRepository(db);
    fixture = {
      tickets: createTicketRepository(db),
      newUser: async (displayName = 'Test User') =>
        (await users.create({ email: `${randomUUID()}@example.com`, passwordHash: null, role: 'USER', displayName })).id,
    };
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  ticketRepositoryContract(() => fixture);
});
