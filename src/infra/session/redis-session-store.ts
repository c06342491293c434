// Console sessions in the service's Redis, under its QUEUE_PREFIX, each key expiring on its own:
// signing out deletes the key, so a copied cookie stops working at once.
import type { Redis } from 'ioredis';
import type { SessionStore } from '../../domain/ports/console.js';

export function createRedisSessionStore(redis: Redis, prefix: string): SessionStore {
  const key = (id: string) => `${prefix}:console-session:${id}`;
  return {
    async get(id) {
      const raw = await redis.get(key(id));
      if (raw === null) return null;
      try {
        const data: unknown = JSON.parse(raw);
        return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    },
    async set(id, data, ttlSeconds) {
      await redis.set(key(id), JSON.stringify(data), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async destroy(id) {
      await redis.del(key(id));
    },
  };
}
