// Offline stand-in for `prisma migrate deploy` / `migrate dev --create-only`: Prisma's own schema
// engine compiled to WebAssembly, driven through a driver adapter. The native engine the Prisma CLI
// needs cannot be downloaded here. It reads the same prisma/migrations folder and writes the same
// `_prisma_migrations` table (same checksums), so `prisma migrate status/deploy` stay usable
// wherever the native engine is available.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths.js';
import { splitSqlStatements } from './split-sql.js';

const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };

/** The wasm-bindgen class has no published types; we use four of its methods. */
interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free?(): void;
}
interface SchemaEngineClass {
  new: (config: unknown, log: (line: string) => void, adapter: unknown) => Promise<SchemaEngine>;
}

/** The few WebAssembly globals used here (their types ship only with TypeScript's DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let engineClass: Promise<SchemaEngineClass> | undefined;

function loadSchemaEngineClass(): Promise<SchemaEngineClass> {
  engineClass ??= (async () => {
    // createRequire rather than import.meta.resolve, which vitest's module runner lacks.
    const bgUrl = pathToFileURL(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg')).href;
    const bg = (await import(bgUrl)) as Record<string, unknown> & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
      SchemaEngine: SchemaEngineClass;
    };
    const bytes = await readFile(new URL('./schema_engine_bg.wasm', bgUrl));
    const instance = new Wasm.Instance(new Wasm.Module(bytes), { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg.SchemaEngine;
  })();
  return engineClass;
}

export interface MigrationsList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: {
    path: string;
    migrationFile: { path: string; content: { tag: 'ok' | 'error'; value: string } };
  }[];
}

export async function readMigrationsList(dir = MIGRATIONS_DIR): Promise<MigrationsList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const content = await readFile(file, 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (err: unknown) => ({ tag: 'error' as const, value: String(err) }),
      );
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lock = await readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Where the schema and migrations live; the repository's prisma/ folder unless a test says otherwise. */
export interface PrismaPaths {
  schemaPath: string;
  migrationsDir: string;
}

const DEFAULT_PATHS: PrismaPaths = { schemaPath: SCHEMA_PATH, migrationsDir: MIGRATIONS_DIR };

async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: PrismaPaths,
  fn: (engine: SchemaEngine, schema: string) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngineClass();
  const schema = await readFile(paths.schemaPath, 'utf8');
  // The engine does not dispose the connections it opens; track and close them ourselves.
  const opened: { dispose(): Promise<void> }[] = [];
  const track = <C extends SqlDriverAdapter>(conn: C): C => {
    opened.push(conn);
    if (factory.adapterName === '@prisma/adapter-pg') {
      // Statement by statement, split so that function bodies stay whole (see split-sql.ts).
      conn.executeScript = async (script) => {
        for (const sql of splitSqlStatements(script)) await conn.executeRaw({ sql, args: [], argTypes: [] });
      };
    }
    return conn;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
  const engine = await SchemaEngineClass.new(
    { datamodels: [[paths.schemaPath, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    return await fn(engine, schema);
  } finally {
    engine.free?.();
    await Promise.all(opened.map((conn) => conn.dispose().catch(() => undefined)));
  }
}

/** Applies pending migrations; returns the names of those applied now. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, paths = DEFAULT_PATHS): Promise<string[]> {
  return withSchemaEngine(factory, paths, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: await readMigrationsList(paths.migrationsDir),
      filters: FILTERS,
    });
    return out.appliedMigrationNames;
  });
}

/**
 * The SQL that would take a database built from the migrations to schema.prisma, or null when
 * they agree. Needs an adapter whose shadow database is cheap (in-memory PGlite).
 */
export async function diffMigrationsToSchema(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths = DEFAULT_PATHS,
): Promise<string | null> {
  return withSchemaEngine(factory, paths, async (engine, schema) => {
    const list = await readMigrationsList(paths.migrationsDir);
    const from = list.migrationDirectories.length > 0 ? { tag: 'migrations', ...list } : { tag: 'empty' };
    const out = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: paths.schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: FILTERS,
    });
    return out.exitCode === 2 && out.stdout ? out.stdout : null;
  });
}

/** Writes a new migration folder for the difference between migrations and schema, if any. */
export async function createMigration(factory: SqlMigrationAwareDriverAdapterFactory, name: string): Promise<string | null> {
  const sql = await diffMigrationsToSchema(factory);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dirName = `${stamp}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  await mkdir(path.join(MIGRATIONS_DIR, dirName), { recursive: true });
  await writeFile(path.join(MIGRATIONS_DIR, dirName, 'migration.sql'), sql);
  await writeFile(
    path.join(MIGRATIONS_DIR, 'migration_lock.toml'),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return dirName;
}
