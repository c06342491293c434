// Failed logins counted in Redis, per account and per client IP, over a fixed window.
// Successful logins do not count; a success clears the account's counter.
//
// While Redis is down (or does not answer within its request timeout) the counting falls back to
// this process's memory, with the same limits: sign-in keeps working, brute force is still slowed
// (per process instead of across processes), and nobody waits on Redis. When Redis is back its
// counts apply again; failures counted in memory meanwhile are not carried over.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LoginLimiter } from '../../domain/ports/access.js';

export interface LoginLimiterOptions {
  prefix: string;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

function createRedisLoginLimiter(redis: Redis, options: LoginLimiterOptions): LoginLimiter {
  // Emails are hashed so Redis never holds them in clear.
  const accountKey = (account: string) =>
    `${options.prefix}:login-fail:acct:${createHash('sha256').update(account).digest('hex').slice(0, 32)}`;
  const ipKey = (ip: string) => `${options.prefix}:login-fail:ip:${ip}`;

  async function blockedFor(key: string, max: number): Promise<number> {
    const [count, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
    if (Number(count ?? 0) < max) return 0;
    return ttl > 0 ? ttl : options.windowSeconds;
  }

  return {
    async retryAfter({ account, ip }) {
      const [a, b] = await Promise.all([
        blockedFor(accountKey(account), options.maxFailuresPerAccount),
        blockedFor(ipKey(ip), options.maxFailuresPerIp),
      ]);
      return Math.max(a, b);
    },
    async recordFailure({ account, ip }) {
      const tx = redis.multi();
      for (const key of [accountKey(account), ipKey(ip)]) {
        tx.incr(key);
        tx.expire(key, options.windowSeconds, 'NX');
      }
      await tx.exec();
    },
    async recordSuccess({ account }) {
      await redis.del(accountKey(account));
    },
  };
}

/** Most keys the in-memory fallback holds; past it, expired and then oldest entries go first. */
const LOCAL_MAX_KEYS = 10_000;

/** The same fixed-window counting in this process's memory. */
export function createLocalLoginLimiter(options: Omit<LoginLimiterOptions, 'prefix'>, now: () => number = Date.now): LoginLimiter {
  const failures = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string) => {
    const entry = failures.get(key);
    if (entry && entry.resetAt <= now()) failures.delete(key);
    return failures.get(key);
  };
  const blockedFor = (key: string, max: number) => {
    const entry = live(key);
    return entry && entry.count >= max ? Math.ceil((entry.resetAt - now()) / 1000) : 0;
  };
  const count = (key: string) => {
    const entry = live(key) ?? { count: 0, resetAt: now() + options.windowSeconds * 1000 };
    entry.count += 1;
    failures.delete(key);
    failures.set(key, entry); // most recent last, so the oldest are evicted first
    if (failures.size > LOCAL_MAX_KEYS) failures.delete(failures.keys().next().value!);
  };
  return {
    retryAfter: async ({ account, ip }) =>
      Math.max(blockedFor(`acct:${account}`, options.maxFailuresPerAccount), blockedFor(`ip:${ip}`, options.maxFailuresPerIp)),
    recordFailure: async ({ account, ip }) => {
      count(`acct:${account}`);
      count(`ip:${ip}`);
    },
    recordSuccess: async ({ account }) => {
      failures.delete(`acct:${account}`);
    },
  };
}

/** Counts in Redis, or in memory while Redis cannot answer (see the top of this file). */
export function createLoginLimiter(redis: Redis, options: LoginLimiterOptions, log?: Pick<Logger, 'warn'>): LoginLimiter {
  const shared = createRedisLoginLimiter(redis, options);
  const local = createLocalLoginLimiter(options);
  async function either<T>(run: (limiter: LoginLimiter) => Promise<T>): Promise<T> {
    if (redis.status === 'ready') {
      try {
        return await run(shared);
      } catch (err) {
        log?.warn({ err }, 'login limiter: Redis did not answer; counting in memory');
      }
    }
    return run(local);
  }
  return {
    retryAfter: (key) => either((limiter) => limiter.retryAfter(key)),
    recordFailure: (key) => either((limiter) => limiter.recordFailure(key)),
    recordSuccess: (key) => either((limiter) => limiter.recordSuccess(key)),
  };
}
