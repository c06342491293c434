import { Redis } from 'ioredis';

/** Removes every key under `prefix` (queues, dedupe keys, login counters) from a shared Redis. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined); // a test may have pointed REDIS_URL at a server it has stopped
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // nothing to clean where there is no server
  } finally {
    redis.disconnect();
  }
}
