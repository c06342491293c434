// Tells every worker process that a knowledge source's passages changed, so each brings its passage
// library in step (pipeline/knowledge/catch-up-passages.ts). Redis pub/sub, as for solutions: the
// notice names the source only, since workers compare ids with the database, and a notice missed
// while a worker was disconnected is made up for when its subscription reconnects.
import type { Redis } from 'ioredis';
import type { PassageChangeNotifier } from '../../domain/ports/knowledge.js';
import { publishOnce } from './publish-once.js';

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

/** For a one-shot command (`firstline kb`): each notice on a short-lived connection (publish-once.ts). */
export function createOneShotPassageChangeNotifier(url: string, prefix: string, timeoutMs = 3000): PassageChangeNotifier {
  return { notify: (source) => publishOnce(url, channelOf(prefix), source, timeoutMs) };
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
