// The whole service (API + worker) on a real PostgreSQL database of its own and real Redis,
// with a unique queue prefix, exercised through Fastify's inject or real HTTP.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { startFirstline, type RoleName, type RunningFirstline } from '../../src/app/roles.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { deleteRedisKeys } from './redis-keys.js';
import { createTestDatabase } from './test-database.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const ADMIN = { email: 'admin@firstline.test', password: 'admin-password-1' };

export interface TestApp {
  running: RunningFirstline;
  http: FastifyInstance;
  url: string;
  /** Everything the service logged, one JSON object per line. */
  logs: string[];
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}, roles: RoleName[] = ['api', 'worker']): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `fltest-${randomBytes(6).toString('hex')}`,
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_ROUNDS: '4',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
    // Load shedding off: a suite running many files at once on two cores would shed requests at
    // random. test/integration/overload.test.ts turns it on.
    HTTP_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const running = await startFirstline(config, createLogger({ level: config.logLevel, destination }), roles);
  const http = running.http!;
  return {
    running,
    http,
    url: running.url!,
    logs,
    request: (options) => http.inject(options),
    async stop() {
      await running.stop();
      await database.drop();
      await deleteRedisKeys(config.redis.url, config.redis.queuePrefix);
    },
  };
}

/** Registers a customer and returns a bearer header for them. */
export async function signUp(
  app: TestApp,
  email = `user-${randomBytes(4).toString('hex')}@example.com`,
): Promise<{ email: string; id: string; auth: Record<string, string> }> {
  const password = 'correct-horse-battery';
  const reg = await app.request({ method: 'POST', url: '/auth/register', payload: { email, password } });
  if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.body}`);
  return { email, id: reg.json().user.id, auth: await logInAs(app, email, password) };
}

export async function logInAs(app: TestApp, email: string, password: string): Promise<Record<string, string>> {
  const res = await app.request({ method: 'POST', url: '/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return { authorization: `Bearer ${res.json().access_token}` };
}

/** An account with the given role, made the way an operator would (directly in the database). */
export async function createStaff(
  app: TestApp,
  role: 'AGENT' | 'ADMIN',
): Promise<{ id: string; email: string; password: string; auth: Record<string, string> }> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@firstline.test`;
  const password = 'staff-password-1';
  const bcrypt = await import('bcrypt');
  const user = await app.running.services.users.upsertWithPassword({ email, passwordHash: await bcrypt.hash(password, 4), role });
  return { id: user.id, email, password, auth: await logInAs(app, email, password) };
}
