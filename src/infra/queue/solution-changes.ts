// Tells every worker process that a ticket's solution changed (resolved by an agent, confirmed
// helpful, demoted, re-confirmed), so each keeps its in-memory index current. Redis pub/sub: a
// worker that is down misses messages, and rebuilds its index from the database when it starts.
import type { Redis } from 'ioredis';
import type { SolutionReloadNotifier } from '../../domain/ports/history.js';
import type { SolutionChangeNotifier } from '../../domain/ports/learning.js';
import { publishOnce } from './publish-once.js';
const channelOf = (prefix: string) => `${prefix}:solution-changes`;

/** Sent instead of a ticket id when many solutions changed at once (a history import): reload them all. */
export const RELOAD_ALL_SOLUTIONS = '*';

export function createSolutionChangeNotifier(redis: Redis, prefix: string): SolutionChangeNotifier {
  return {
    async notify(ticketId) {
      await redis.publish(channelOf(prefix), ticketId);
    },
  };
}

/** For a one-shot command (`firstline import`): the notice on a short-lived connection (publish-once.ts). */
export function createSolutionReloadNotifier(url: string, prefix: string, timeoutMs = 3000): SolutionReloadNotifier {
  return { reloadAll: () => publishOnce(url, channelOf(prefix), RELOAD_ALL_SOLUTIONS, timeoutMs) };
}

/** Subscribes on a connection of its own (a subscribed connection can do nothing else). */
export async function subscribeToSolutionChanges(
  redis: Redis,
  prefix: string,
  /** Called with a ticket id, or with {@link RELOAD_ALL_SOLUTIONS}. */
  onChange: (ticketId: string) => void,
): Promise<{ close(): Promise<void> }> {
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined); // the main connection already reports Redis problems
  subscriber.on('message', (_channel: string, ticketId: string) => onChange(ticketId));
  await subscriber.subscribe(channelOf(prefix));
  return {
    async close() {
      subscriber.disconnect();
    },
  };
}
