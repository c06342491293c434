// The embedded database (PGlite on a DATA_DIR folder) opened in this process the way the app opens
// it, plus the real `firstline` CLI as a second process. Creating a PGlite folder is slow (8–17 s
// here), so the whole file shares ONE data folder and its tests run in order on it: migrate,
// write and restart, refuse a second process, take over a stale lock, audit trail. The append-only
// check also runs on real PostgreSQL.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRepository } from '../../src/domain/ports/tickets.js';
import { buildMetricsSeries, seriesRange } from '../../src/domain/metrics-series.js';
import { isProcessAlive } from '../../src/infra/process-alive.js';
import { createKnowledgeGapsRepository } from '../../src/infra/db/knowledge-gaps-repository.js';
import { createMetricsRepository } from '../../src/infra/db/metrics-repository.js';
import { openDatabase, resolveDatabaseTarget, type Database } from '../../src/infra/db/database.js';
import { MIGRATIONS_DIR } from '../../src/infra/db/paths.js';
import { createTicketRepository } from '../../src/infra/db/ticket-repository.js';
import { createUserRepository } from '../../src/infra/db/user-repository.js';
import { killRunningClis, runCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

const SLOW = 120_000;
const INIT_MIGRATION = readdirSync(MIGRATIONS_DIR).find((name) => name.endsWith('_init'))!;

// A CLI child still running after its test is killed.
afterEach(() => killRunningClis());

// --- shared data folder --------------------------------------------------------------------------

let tmp: string;
let dataDir: string;
let lockFile: string;
let db: Database | undefined;

const openEmbedded = () => openDatabase(resolveDatabaseTarget(undefined, dataDir), { migrate: true });

async function closeDb(): Promise<void> {
  const open = db;
  db = undefined;
  await open?.close();
}

/** What the restart and refusal tests wrote, so later tests can check it is still there. */
const written: { userId?: string; ticketId?: string; ticketNumber?: number } = {};

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'firstline-embedded-'));
  dataDir = path.join(tmp, 'data');
  lockFile = path.join(dataDir, 'pglite.lock');
});

afterAll(async () => {
  await closeDb();
  rmSync(tmp, { recursive: true, force: true });
});

async function expectAppendOnly(database: Database, tickets: TicketRepository, ticketId: string): Promise<void> {
  const before = await tickets.listEvents(ticketId);
  expect(before.length).toBeGreaterThan(0);
  await expect(
    database.prisma.$executeRawUnsafe(`UPDATE "TicketEvent" SET "type" = 'tampered' WHERE "ticketId" = '${ticketId}'`),
  ).rejects.toThrow(/append-only \(UPDATE refused\)/);
  await expect(database.prisma.$executeRawUnsafe(`DELETE FROM "TicketEvent" WHERE "ticketId" = '${ticketId}'`)).rejects.toThrow(
    /append-only \(DELETE refused\)/,
  );
  expect(await tickets.listEvents(ticketId)).toEqual(before);
}

describe('embedded database on a DATA_DIR folder', () => {
  it(
    'applies the migrations to an empty folder, and none on the next open',
    async () => {
      expect(INIT_MIGRATION).toBeDefined();
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);

      db = await openEmbedded();
      expect(db.target).toEqual({ kind: 'embedded', dataDir: path.join(dataDir, 'pglite') });
      expect(db.applied).toContain(INIT_MIGRATION);
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[]>(
        'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations',
      );
      const init = rows.filter((r) => r.migration_name === INIT_MIGRATION);
      expect(init).toHaveLength(1);
      expect(init[0]!.finished_at).toBeInstanceOf(Date);
      expect(init[0]!.rolled_back_at).toBeNull();
      await closeDb();
      expect(existsSync(lockFile)).toBe(false); // close releases the folder

      db = await openEmbedded();
      expect(db.applied).toEqual([]);
      const again = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name = '${INIT_MIGRATION}'`,
      );
      expect(again[0]!.n).toBe(1);
      await closeDb();
    },
    SLOW,
  );

  it(
    'keeps users, tickets and their events across a restart',
    async () => {
      db = await openEmbedded();
      const users = createUserRepository(db);
      const tickets = createTicketRepository(db);
      const user = await users.create({ email: 'Persist@Example.com', passwordHash: 'hash-that-must-survive', role: 'USER' });
      const ticket = await tickets.create(
        { source: 'API', requesterId: user.id, message: 'My invoice is wrong' },
        { type: 'created', actor: { kind: 'user', userId: user.id, role: 'USER' } },
      );
      Object.assign(written, { userId: user.id, ticketId: ticket.id, ticketNumber: ticket.number });
      await closeDb();

      db = await openEmbedded();
      expect(db.applied).toEqual([]);
      const reread = createTicketRepository(db);
      const storedUser = await createUserRepository(db).findByEmailWithSecret('persist@example.com');
      expect(storedUser).toMatchObject({ id: user.id, email: 'persist@example.com', role: 'USER', passwordHash: 'hash-that-must-survive' });
      const storedTicket = await reread.findById(ticket.id);
      expect(storedTicket).toMatchObject({
        id: ticket.id,
        number: ticket.number,
        requesterId: user.id,
        message: 'My invoice is wrong',
        status: 'OPEN',
      });
      const events = await reread.listEvents(ticket.id);
      expect(events.map((e) => [e.type, e.toStatus, e.actorType, e.actorId])).toEqual([['created', 'OPEN', 'USER', user.id]]);
      // stays open for the next test
    },
    SLOW,
  );

  it(
    'refuses a second process on the folder while this one holds it, and loses nothing',
    async () => {
      db ??= await openEmbedded();
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));

      const second = await runCli(['migrate'], { cwd: tmp, env: { DATA_DIR: dataDir }, timeoutMs: 30_000 });
      expect(second.signal).toBeNull();
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain('already in use');
      expect(second.stderr).toContain(`process ${process.pid}`);
      expect(second.stderr).toContain('DATABASE_URL');
      expect(second.stderr).not.toMatch(/^\s+at /m); // a message for a person, not a stack trace
      expect(second.stdout).not.toMatch(/migrations applied|database is up to date/); // it never opened the folder

      // Our lock and our data are untouched, and the folder still takes writes.
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      const tickets = createTicketRepository(db);
      expect(await tickets.findById(written.ticketId!)).toMatchObject({ number: written.ticketNumber, message: 'My invoice is wrong' });
      await tickets.appendEvent(written.ticketId!, { type: 'feedback', actor: { kind: 'system' }, data: { during: 'refusal test' } });
      expect((await tickets.listEvents(written.ticketId!)).map((e) => e.type)).toEqual(['created', 'feedback']);
      await closeDb();
    },
    SLOW,
  );

  it(
    'opens despite a stale lock left by a process that no longer exists',
    async () => {
      let deadPid = 999_999;
      while (isProcessAlive(deadPid)) deadPid++;
      writeFileSync(lockFile, String(deadPid));

      db = await openEmbedded();
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid)); // taken over
      const tickets = createTicketRepository(db);
      expect(await tickets.findById(written.ticketId!)).toMatchObject({ number: written.ticketNumber, requesterId: written.userId });
      expect((await tickets.listEvents(written.ticketId!)).map((e) => e.type)).toEqual(['created', 'feedback']);
      // stays open for the next test
    },
    SLOW,
  );

  it(
    'keeps TicketEvent append-only: UPDATE and DELETE are rejected',
    async () => {
      db ??= await openEmbedded();
      await expectAppendOnly(db, createTicketRepository(db), written.ticketId!);
      await closeDb();
      expect(existsSync(lockFile)).toBe(false);
    },
    SLOW,
  );

  it(
    'groups the dashboard series by UTC bucket, with percentiles and the SLA timers (GET /admin/metrics/series)',
    async () => {
      db ??= await openEmbedded();
      const now = new Date();
      const range = seriesRange('24h', 'hour', now);
      const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
      const created = new Date(hour - 2 * 3_600_000 + 60_000);
      const answered = new Date(created.getTime() + 3_000);
      await db.prisma.ticket.create({
        data: {
          source: 'SLACK',
          requesterId: written.userId!,
          message: 'Where is my parcel?',
          status: 'AUTO_RESOLVED',
          intent: 'order_status',
          createdAt: created,
          firstResponseAt: answered,
          resolvedAt: answered,
          events: {
            create: [
              { type: 'triaged', fromStatus: 'OPEN', toStatus: 'AUTO_RESOLVED', actorType: 'SYSTEM', createdAt: answered },
              { type: 'feedback', actorType: 'USER', actorId: written.userId!, data: { helpful: true }, createdAt: answered },
            ],
          },
          slaTimers: {
            create: { metric: 'FIRST_RESPONSE', priority: 'P3', state: 'met', targetMinutes: 60, startedAt: created, stoppedAt: answered },
          },
        },
      });

      const series = buildMetricsSeries(range, await createMetricsRepository(db.prisma).series(range));
      const point = series.points.find((p) => p.start.getTime() === hour - 2 * 3_600_000)!;
      expect(point).toMatchObject({
        tickets: { total: 1, bySource: { SLACK: 1 } },
        automatic: { decided: 1, automatic: 1, share: 1 },
        precision: { rated: 1, helpful: 1, precision: 1 },
        times: { resolved: 1, firstResponse: { median: 3, p90: 3 }, resolution: { median: 3, p90: 3 } },
        sla: { met: 1, breached: 0, attainment: 1 },
      });
      // With the ticket written by the earlier tests (opened minutes ago, never triaged): unclassified.
      expect(series.points.reduce((sum, p) => sum + p.tickets.total, 0)).toBe(2);
      expect(series.intents).toEqual({ top: [{ intent: 'order_status', tickets: 1 }], other: 0, unclassified: 1 });
      await closeDb();
    },
    SLOW,
  );

  it(
    'lists the escalations no passage answered on a folder migrated in the same session (the knowledge-gap read)',
    async () => {
      // PGlite learns the array types at start: on a brand-new folder the enums' arrays do not exist
      // yet then, so no query may bind a parameter typed as one (it went as "a,b,c" and failed).
      const fresh = await openDatabase(resolveDatabaseTarget(undefined, path.join(tmp, 'fresh')), { migrate: true });
      try {
        const requester = await createUserRepository(fresh).create({ email: 'gap@example.com', passwordHash: null, role: 'USER' });
        const ticket = await fresh.prisma.ticket.create({
          data: {
            source: 'API',
            requesterId: requester.id,
            message: 'How do I export my invoices to CSV?',
            status: 'ESCALATED',
            escalationReason: 'low_confidence',
            events: {
              create: {
                type: 'triaged',
                fromStatus: 'OPEN',
                toStatus: 'ESCALATED',
                actorType: 'SYSTEM',
                data: { candidates: [{ kind: 'passage', answerConfidence: 0.4 }], thresholds: { used: 0.9 } },
              },
            },
          },
        });
        const gaps = await createKnowledgeGapsRepository(fresh).listGapTickets('24h', new Date(), 10);
        expect(gaps).toEqual([expect.objectContaining({ id: ticket.id, status: 'ESCALATED', bestPassageConfidence: 0.4 })]);
      } finally {
        await fresh.close();
      }
    },
    SLOW,
  );
});

describe('TicketEvent on real PostgreSQL', () => {
  it('is append-only there too: UPDATE and DELETE are rejected', async () => {
    const database = await createTestDatabase();
    const pg = await openDatabase({ kind: 'postgres', url: database.url }, { migrate: false, poolMax: 2 });
    try {
      const user = await createUserRepository(pg).create({ email: 'audit@example.com', passwordHash: null, role: 'USER' });
      const tickets = createTicketRepository(pg);
      const ticket = await tickets.create(
        { source: 'API', requesterId: user.id, message: 'Audit me' },
        { type: 'created', actor: { kind: 'user', userId: user.id, role: 'USER' } },
      );
      await tickets.appendEvent(ticket.id, { type: 'feedback', actor: { kind: 'system' } });
      await expectAppendOnly(pg, tickets, ticket.id);
    } finally {
      await pg.close();
      await database.drop();
    }
  });
});
