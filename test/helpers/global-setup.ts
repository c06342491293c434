// Once per run: services up, and a template database with every migration applied. Each test
// file clones the template (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/infra/db/database.js';
import { isProcessAlive } from '../../src/infra/process-alive.js';
import { ensureServices, PG_ADMIN_URL, REDIS_URL } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgAdminUrl: string;
    redisUrl: string;
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A run killed before its teardown leaves its databases behind; they are named after its PID. */
async function dropDatabasesOfDeadRuns(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'firstline_test_%'");
  for (const { datname } of rows) {
    const pid = Number(/^firstline_test_(?:tpl_)?(\d+)/.exec(datname)?.[1]);
    if (pid && !isProcessAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureServices();
  const template = `firstline_test_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await dropDatabasesOfDeadRuns(admin);
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const db = await openDatabase({ kind: 'postgres', url: databaseUrl(template) }, { migrate: true, poolMax: 1 });
  await db.close();
  await admin.end();

  project.provide('pgTemplate', template);
  project.provide('pgAdminUrl', PG_ADMIN_URL);
  project.provide('redisUrl', REDIS_URL);

  return async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'firstline_test_%${process.pid}%'`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await client.end();
  };
}
