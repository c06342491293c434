// Where a test file runs the CLI: each run gets a fresh temp working folder with its own DATA_DIR and
// queue prefix, the shared Redis and none of this environment's secrets; cleanup() stops what is
// still running and removes the folders and the prefixes' Redis keys.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { killRunningClis, type CliEnv, type CliOptions } from './cli.js';
import { deleteRedisKeys } from './redis-keys.js';
import { createTestDatabase } from './test-database.js';

export interface CliSandbox {
  /** A fresh temp folder, removed by cleanup(). */
  tempDir(): string;
  /** A queue prefix whose keys cleanup() removes (for runs that must share one). */
  queuePrefix(): string;
  /** Options for one CLI run in a fresh folder; `env` overrides (e.g. DATABASE_URL). */
  isolated(env?: CliEnv): CliOptions & { cwd: string; dataDir: string; prefix: string };
  cleanup(): Promise<void>;
}

export function cliSandbox(name: string): CliSandbox {
  const dirs: string[] = [];
  const prefixes: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `firstline-${name}-`));
    dirs.push(dir);
    return dir;
  };
  const queuePrefix = () => {
    const prefix = `fltest-${randomBytes(6).toString('hex')}`;
    prefixes.push(prefix);
    return prefix;
  };
  return {
    tempDir,
    queuePrefix,
    isolated(env = {}) {
      const cwd = tempDir();
      const dataDir = path.join(cwd, 'data');
      const prefix = queuePrefix();
      return {
        cwd,
        dataDir,
        prefix,
        env: {
          DATA_DIR: dataDir,
          REDIS_URL: inject('redisUrl'),
          QUEUE_PREFIX: prefix,
          JWT_SECRET: undefined,
          ADMIN_EMAIL: undefined,
          ADMIN_PASSWORD: undefined,
          ...env,
        },
      };
    },
    async cleanup() {
      await killRunningClis();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      for (const prefix of prefixes) await deleteRedisKeys(inject('redisUrl'), prefix);
    },
  };
}

/**
 * The CLI sandbox of a test file with its hooks registered: a test database of its own before all
 * tests, running CLIs stopped after each, and everything removed after all.
 */
export function useCliSandbox(name: string): CliSandbox & { databaseUrl(): string } {
  const sandbox = cliSandbox(name);
  let database: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => killRunningClis());
  afterAll(async () => {
    await sandbox.cleanup();
    await database?.drop();
  });
  return {
    ...sandbox,
    databaseUrl: () => {
      if (!database) throw new Error('the test database is created in beforeAll');
      return database.url;
    },
  };
}
