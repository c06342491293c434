// What the end-to-end benches share: a throwaway PostgreSQL database and Redis prefix for one run,
// cleaned up however the run ends, and the percentile arithmetic of their tables.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { deleteRedisKeys } from '../../test/helpers/redis-keys.js';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
export const round = (ms: number) => Math.round(ms * 10) / 10;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `run` with its own database and queue prefix, then drops both. */
export async function withThrowawayServices<T>(
  name: string,
  run: (env: { DATABASE_URL: string; REDIS_URL: string; QUEUE_PREFIX: string }) => Promise<T>,
): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const dbName = `firstline_bench_${name}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const queuePrefix = `flbench-${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${dbName}`;
  try {
    return await run({ DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: queuePrefix });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await deleteRedisKeys(REDIS_URL, queuePrefix);
  }
}
