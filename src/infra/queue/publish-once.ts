// One pub/sub message from a one-shot command (`firstline import`, `firstline kb`), which has no
// Redis connection of its own: the connection it opens gives up after `timeoutMs` instead of
// retrying, so an unreachable Redis costs at most that and is reported (the promise rejects)
// rather than waited for.
import { Redis } from 'ioredis';

export async function publishOnce(url: string, channel: string, message: string, timeoutMs: number): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined); // the failed connect or publish rejects below
  try {
    await redis.connect();
    await redis.publish(channel, message);
  } finally {
    redis.disconnect();
  }
}
