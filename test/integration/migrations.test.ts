import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.js';
import { applyMigrations, diffMigrationsToSchema } from '../../src/infra/db/migrator.js';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../../src/infra/db/paths.js';
import { createTestDatabase } from '../helpers/test-database.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** In-memory PGlite: the migrations are replayed on its throwaway shadow database. */
async function memoryAdapter(): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const pglite = await PGlite.create();
  cleanups.push(() => pglite.close());
  return new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

const migrationNames = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/**
 * Each drift check replays every migration on in-memory PGlite (WebAssembly): it took about 27 s on
 * two cores busy with the rest of the suite, and past the 30 s default once more migrations came.
 */
const REPLAYS_EVERY_MIGRATION = 120_000;

describe('schema drift', () => {
  it(
    'finds nothing between schema.prisma and prisma/migrations',
    async () => {
      expect(await diffMigrationsToSchema(await memoryAdapter())).toBeNull();
    },
    REPLAYS_EVERY_MIGRATION,
  );

  it(
    'catches a schema change that has no migration',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'firstline-drift-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const schemaPath = path.join(dir, 'schema.prisma');
      copyFileSync(SCHEMA_PATH, schemaPath);
      writeFileSync(schemaPath, readFileSync(schemaPath, 'utf8').replace('  message  String\n', '  message  String\n  subject  String?\n'));
      const sql = await diffMigrationsToSchema(await memoryAdapter(), { schemaPath, migrationsDir: MIGRATIONS_DIR });
      expect(sql).toMatch(/ALTER TABLE "Ticket" ADD COLUMN\s+"subject" TEXT/);
    },
    REPLAYS_EVERY_MIGRATION,
  );
});

describe('migrations on PostgreSQL', () => {
  it('applies every migration to an empty database and records it the way Prisma does', async () => {
    const { url, drop } = await createEmptyDatabase();
    cleanups.push(drop);
    const db = await openDatabase({ kind: 'postgres', url }, { migrate: true, poolMax: 1 });
    cleanups.push(() => db.close());
    expect(db.applied).toEqual(migrationNames);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
    const tables = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining(['ApiKey', 'ChatIdentity', 'Feedback', 'Message', 'Ticket', 'TicketEvent', 'User']),
    );
  });

  it('applies nothing the second time', async () => {
    const { url, drop } = await createTestDatabase(); // already migrated from the template
    cleanups.push(drop);
    const db = await openDatabase({ kind: 'postgres', url }, { migrate: true, poolMax: 1 });
    await db.close();
    expect(db.applied).toEqual([]);
  });
});

describe('data carried over by migrations', () => {
  it('makes the customers an integration created by email its own, and frees their address to register with', async () => {
    const migration = migrationNames.find((name) => name.endsWith('_integration_customer_email'))!;
    const { url, drop } = await createEmptyDatabase();
    cleanups.push(drop);
    // The database as it was before: every migration up to this one.
    const before = mkdtempSync(path.join(tmpdir(), 'firstline-migrations-'));
    cleanups.push(() => rmSync(before, { recursive: true, force: true }));
    for (const name of migrationNames.slice(0, migrationNames.indexOf(migration)))
      cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    copyFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
    const adapter = () => new PrismaPg({ connectionString: url, options: '-c TimeZone=UTC' });
    await applyMigrations(adapter(), { schemaPath: SCHEMA_PATH, migrationsDir: before });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    const user = async (email: string, passwordHash: string | null, role = 'USER') =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO "User" (id, email, "passwordHash", role, "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
          [email, passwordHash, role],
        )
      ).rows[0]!.id;
    const admin = await user('admin@example.com', 'hash', 'ADMIN');
    const key = async (prefix: string) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO "ApiKey" (id, name, prefix, "secretHash", "createdById") VALUES (gen_random_uuid(), $1, $1, 'hash', $2) RETURNING id`,
          [prefix, admin],
        )
      ).rows[0]!.id;
    const ticket = (requesterId: string, apiKeyId: string | null) =>
      client.query(
        `INSERT INTO "Ticket" (id, source, "requesterId", "apiKeyId", message, "updatedAt") VALUES (gen_random_uuid(), 'API', $1, $2, 'Help', now())`,
        [requesterId, apiKeyId],
      );
    const shop = await key('shop');
    const crm = await key('crm');
    const shopper = await user('shopper@example.com', null); // created by the shop's key
    await ticket(shopper, shop);
    await ticket(shopper, shop);
    const registered = await user('registered@example.com', 'hash'); // signs in; the shop once filed a ticket for them
    await ticket(registered, shop);
    await ticket(registered, null);
    const shared = await user('shared@example.com', null); // both integrations used this address
    await ticket(shared, shop);
    await ticket(shared, crm);

    const db = await openDatabase({ kind: 'postgres', url }, { migrate: true, poolMax: 1 });
    cleanups.push(() => db.close());
    expect(db.applied).toEqual(migrationNames.slice(migrationNames.indexOf(migration)));
    const { rows } = await client.query<{ id: string; email: string | null; externalEmail: string | null; externalKeyId: string | null }>(
      'SELECT id, email, "externalEmail", "externalKeyId" FROM "User" WHERE id = ANY($1) ORDER BY "createdAt", id',
      [[shopper, registered, shared]],
    );
    expect(Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]))).toEqual({
      [shopper]: { email: null, externalEmail: 'shopper@example.com', externalKeyId: shop },
      [registered]: { email: 'registered@example.com', externalEmail: null, externalKeyId: null },
      [shared]: { email: 'shared@example.com', externalEmail: null, externalKeyId: null },
    });
  });
});

async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { url, drop } = await createTestDatabase();
  // Reuse the unique name but start from nothing: drop the cloned schema.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await client.end();
  return { url, drop };
}
