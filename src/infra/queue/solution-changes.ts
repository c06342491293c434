// Tells every worker process that a ticket's solution changed (resolved by an agent, confirmed
// helpful, demoted, re-confirmed), so each keeps its in-memory index current. Redis pub/sub: a
// worker that is down misses messages, and rebuilds its index from the database when it starts.
import type { Redis } from 'ioredis';
import type { SolutionChangeNotifier } from '../../domain/pipeline-ports.js';

const channelOf = (prefix: string) => `${prefix}:solution-changes`;

export function createSolutionChangeNotifier(redis: Redis, prefix: string): SolutionChangeNotifier {
  return {
    async notify(ticketId) {
      await redis.publish(channelOf(prefix), ticketId);
    },
  };
}

/** Subscribes on a connection of its own (a subscribed connection can do nothing else). */
export async function subscribeToSolutionChanges(
  redis: Redis,
  prefix: string,
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
