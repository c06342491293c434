import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/infra/db/database.js';
import { createTestDatabase } from '../helpers/test-database.js';

let dropDatabase: () => Promise<void>;
let db: Database;

beforeAll(async () => {
  const { url, drop } = await createTestDatabase();
  dropDatabase = drop;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const name = new URL(url).pathname.slice(1);
  await client.query(`ALTER DATABASE ${name} SET TimeZone = 'America/Los_Angeles'`);
  await client.end();
  db = await openDatabase({ kind: 'postgres', url }, { migrate: false, poolMax: 1 });
});

afterAll(async () => {
  await db.close();
  await dropDatabase();
});

it('stores and compares times correctly on a server whose default time zone is not UTC', async () => {
  const before = new Date();
  const user = await db.prisma.user.create({ data: { email: 'tz@example.com' } });
  const after = new Date();
  const ticket = await db.prisma.ticket.create({
    data: { source: 'API', requesterId: user.id, message: 'm', resolvedAt: new Date('2026-01-02T03:04:05.678Z') },
  });
  const read = await db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
  expect(read.resolvedAt?.toISOString()).toBe('2026-01-02T03:04:05.678Z');
  // createdAt comes from the database's now(); it must agree with the application's clock.
  expect(read.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  expect(read.createdAt.getTime()).toBeLessThanOrEqual(after.getTime() + 5000);
  const [row] = await db.prisma.$queryRaw<{ hours: number }[]>`
    SELECT EXTRACT(EPOCH FROM ("resolvedAt" - TIMESTAMPTZ '2026-01-02T03:04:05.678Z'))::float / 3600 AS hours FROM "Ticket" WHERE id = ${ticket.id}::uuid`;
  expect(row?.hours).toBe(0);
});
