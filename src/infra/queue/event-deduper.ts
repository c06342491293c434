import type { Redis } from 'ioredis';
import type { EventDeduper } from '../../domain/ports/chat.js';

/** Seen-keys in Redis with a TTL: longer than Slack's and Discord's redelivery windows. */
export function createEventDeduper(redis: Redis, prefix: string, ttlSeconds = 3600): EventDeduper {
  const keyOf = (key: string) => `${prefix}:dedupe:${key}`;
  return {
    async claim(key) {
      return (await redis.set(keyOf(key), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async release(key) {
      await redis.del(keyOf(key));
    },
  };
}
