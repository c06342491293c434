// Tells every worker process that a knowledge source's passages changed, so each brings its passage
// library in step (pipeline/knowledge/catch-up-passages.ts). Redis pub/sub, as for solutions: the
// notice names the source only, since workers compare ids with the database, and a notice missed
// while a worker was disconnected is made up for when its subscription reconnects.
import { Redis } from 'ioredis';
import type { PassageChangeNotifier } from '../../domain/ports/knowledge.js';

const channelOf = (prefix: string) => `${prefix}:passage-changes`;

/** Sent instead of a source's name after a scheduled sync: every worker checks its library. */
export const EVERY_SOURCE = '*';

export function createPassageChangeNotifier(redis: Redis, prefix: string): PassageChangeNotifier {
  return {
    async notify(source) {
      await redis.publish(channelOf(prefix), source);
    },
  };
}

/**
 * For a one-shot command (`firstline kb`), which has no Redis connection of its own: each notice
 * opens one that gives up after `timeoutMs` instead of retrying, so an unreachable Redis costs at
 * most that and is reported rather than waited for.
 */
export function createOneShotPassageChangeNotifier(url: string, prefix: string, timeoutMs = 3000): PassageChangeNotifier {
  return {
    async notify(source) {
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
        await redis.publish(channelOf(prefix), source);
      } finally {
        redis.disconnect();
      }
    },
  };
}

export interface PassageChangeHandlers {
  /** A source's passages changed (its name, or {@link EVERY_SOURCE}). */
  onChange(source: string): void;
  /** The subscription came back after a disconnection, during which notices may have been missed. */
  onReconnect(): void;
}

/** Subscribes on a connection of its own (a subscribed connection can do nothing else). */
export async function subscribeToPassageChanges(
  redis: Redis,
  prefix: string,
  handlers: PassageChangeHandlers,
): Promise<{ close(): Promise<void> }> {
  const subscriber = redis.duplicate();
  let hasConnected = false;
  subscriber.on('error', () => undefined); // the main connection already reports Redis problems
  subscriber.on('message', (_channel: string, source: string) => handlers.onChange(source));
  // ioredis subscribes again by itself on reconnect; what was published in between is lost.
  subscriber.on('ready', () => {
    if (hasConnected) handlers.onReconnect();
    hasConnected = true;
  });
  await subscriber.subscribe(channelOf(prefix));
  return {
    async close() {
      subscriber.disconnect();
    },
  };
}
