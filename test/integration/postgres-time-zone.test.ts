import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriesRange } from '../../src/domain/metrics-series.js';
import { openDatabase, type Database } from '../../src/infra/db/database.js';
import { createMetricsRepository } from '../../src/infra/db/metrics-repository.js';
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

it('puts the dashboard series in UTC days, not the server’s', async () => {
  const user = await db.prisma.user.create({ data: { email: 'tz-series@example.com' } });
  // 03:04 UTC on 2 January is still 1 January in Los Angeles.
  await db.prisma.ticket.create({
    data: { source: 'SLACK', requesterId: user.id, message: 'm', createdAt: new Date('2026-01-02T03:04:05.678Z') },
  });
  const range = seriesRange('7d', 'day', new Date('2026-01-05T12:00:00Z'));
  expect(range.from.toISOString()).toBe('2025-12-29T00:00:00.000Z');
  const rows = await createMetricsRepository(db.prisma).series(range);
  // Bucket 4 is 2 January (UTC).
  expect(rows.tickets).toEqual([{ bucket: 4, source: 'SLACK', count: 1 }]);
});
