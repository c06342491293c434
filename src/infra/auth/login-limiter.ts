// Failed logins counted in Redis, per account and per client IP, over a fixed window.
// Successful logins do not count; a success clears the account's counter.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LoginLimiter } from '../../domain/ports.js';

export interface LoginLimiterOptions {
  prefix: string;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export function createLoginLimiter(redis: Redis, options: LoginLimiterOptions): LoginLimiter {
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
