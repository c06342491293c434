// One PrismaClient for both storage modes. DATABASE_URL=postgres://… uses real PostgreSQL
// (adapter-pg); no DATABASE_URL runs PostgreSQL in-process (PGlite) on a folder under DATA_DIR.
// Same schema, same migrations, same code above this file.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client.js';
import { lockDataDir } from './data-dir-lock.js';
import { applyMigrations } from './migrator.js';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };

export interface Database {
  prisma: PrismaClient;
  target: DatabaseTarget;
  /**
   * Plain SQL on the same connections, for the few hot paths where the ORM's per-query cost shows
   * (measured: 0.26 ms CPU per raw query through Prisma, 0.10 ms straight to the driver).
   */
  query<T>(text: string, params: readonly unknown[]): Promise<T[]>;
  /** Migrations applied while opening. */
  applied: string[];
  close(): Promise<void>;
}

/**
 * A socket error from the pool (ECONNREFUSED, ECONNRESET, …) on a plain query means the database
 * cannot be reached; it is re-thrown saying so, as the ORM's errors do, so that the HTTP edge
 * answers 503 naming the database rather than an anonymous network fault.
 */
function attributedToDatabase(err: unknown): unknown {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  return Object.assign(new Error(`Can't reach database server (${code})`, { cause: err }), { kind: 'DatabaseNotReachable' });
}

export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  if (databaseUrl) return { kind: 'postgres', url: databaseUrl };
  return { kind: 'embedded', dataDir: path.resolve(dataDir, 'pglite') };
}

/**
 * PostgreSQL's buffer cache inside the embedded database. PostgreSQL's default (128 MB) is sized
 * for a server of its own; in-process, its pages sit on top of the operating system's cache of the
 * same files. 32 MB took 90 MB off the process at start and holds a small deployment's working
 * set; a deployment that outgrows it belongs on PostgreSQL (DATABASE_URL).
 */
const EMBEDDED_SHARED_BUFFERS = '32MB';

export interface OpenDatabaseOptions {
  migrate: boolean;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
}

export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions): Promise<Database> {
  if (target.kind === 'postgres') {
    // The adapter sends timestamps as UTC wall-clock values without an offset; a server in
    // another time zone would shift them, so every session runs in UTC.
    const poolConfig = { connectionString: target.url, options: '-c TimeZone=UTC' };
    // Migrations get a pool of their own, ended when they are done: the schema engine holds a
    // session advisory lock, and on a shared pool its unlock could run on another connection,
    // leaving the lock held and every other process's migrate waiting.
    const applied = options.migrate ? await applyMigrations(new PrismaPg(poolConfig)) : [];
    const pool = new pg.Pool({ ...poolConfig, max: options.poolMax ?? 10 });
    pool.on('error', () => undefined); // an idle connection dropped by the server; the pool replaces it
    try {
      const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
      return {
        prisma,
        target,
        applied,
        query: async <T>(text: string, params: readonly unknown[]) => {
          try {
            return (await pool.query(text, params as unknown[])).rows as T[];
          } catch (err) {
            throw attributedToDatabase(err);
          }
        },
        close: async () => {
          await prisma.$disconnect();
          await pool.end();
        },
      };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  const unlock = lockDataDir(target.dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({
      dataDir: target.dataDir,
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
    });
    // pglite-prisma-adapter is typed against an older @prisma/driver-adapter-utils; the shapes match.
    const adapter = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
    const applied = options.migrate ? await applyMigrations(adapter) : [];
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const db = pglite;
    return {
      prisma,
      target,
      applied,
      query: async <T>(text: string, params: readonly unknown[]) => (await db.query<T>(text, params as unknown[])).rows,
      close: async () => {
        await prisma.$disconnect();
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    await pglite?.close().catch(() => undefined);
    unlock();
    throw err;
  }
}
