import { Redis } from 'ioredis';
import { AppError } from '../../domain/errors.js';

/**
 * The connection BullMQ's workers (and subscriptions) wait on: their blocking commands must ride
 * out a Redis restart, so commands queue while it reconnects and are never given up on
 * (maxRetriesPerRequest: null, as BullMQ requires for workers).
 */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
}

/** Longest a Redis command on a request path may take before it counts as Redis being down. */
export const REQUEST_REDIS_TIMEOUT_MS = 1000;

/**
 * The connection requests use (adding jobs, the login limiter, event dedup, notifications): while
 * Redis is unreachable a command fails at once instead of waiting for the reconnect
 * (enableOfflineQueue: false, BullMQ's "failing fast when Redis is down"), and a command Redis does
 * not answer in time fails too, so no request waits on Redis. What a failed command would have done
 * is not lost: the database is the source of truth and the sweeper enqueues what is missing.
 */
export function createFailFastRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REQUEST_REDIS_TIMEOUT_MS,
  });
}

/** A connection for blocking reads (QueueEvents) made from a fail-fast one: it waits, as workers do. */
export function blockingDuplicate(redis: Redis): Redis {
  return redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
}

/** Fails fast, naming REDIS_URL, when Redis cannot be reached at startup. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => undefined); // reported below
  try {
    await probe.connect();
    await probe.ping();
  } catch (cause) {
    throw new AppError('unavailable', {
      message:
        `Cannot reach Redis at REDIS_URL=${redactUrl(url)} (${(cause as Error).message}). ` +
        'Start Redis (for example `redis-server --daemonize yes --bind 127.0.0.1 --port 6379`, or ' +
        '`docker run -p 6379:6379 redis:7`) or set REDIS_URL to a reachable server.',
      cause,
    });
  } finally {
    probe.disconnect();
  }
}

/** Rejects when Redis does not answer PING within the timeout (for /health). */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
