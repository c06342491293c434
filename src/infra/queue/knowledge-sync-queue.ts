// The scheduled re-sync of knowledge sources: one BullMQ job scheduler per deployment (per queue
// prefix) makes a job every KB_SYNC_INTERVAL_MINUTES; whichever worker takes it syncs every source.
// Every worker upserts the same scheduler at start, which keeps its timing (BullMQ keeps the next run
// when the interval is unchanged), and an interval of 0 removes it.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { KNOWLEDGE_SYNC_QUEUE, type KnowledgeSyncJob } from '../../pipeline/jobs/job-contracts.js';

export const KNOWLEDGE_SYNC_SCHEDULER = 'knowledge-sync';

export interface KnowledgeSyncQueue {
  queue: Queue<KnowledgeSyncJob>;
  /** Syncs every `intervalMinutes` from now on; 0 removes the schedule. */
  schedule(intervalMinutes: number): Promise<void>;
  close(): Promise<void>;
}

export function createKnowledgeSyncQueue(connection: Redis, prefix: string): KnowledgeSyncQueue {
  const queue = new Queue<KnowledgeSyncJob>(KNOWLEDGE_SYNC_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // A sync that failed as a whole (the database was away) is tried four more times over about a quarter of an hour.
      attempts: 5,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { count: 20 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  // Connection errors are reported once, by the connection itself (services.ts); unheard, BullMQ prints them.
  queue.on('error', () => undefined);
  return {
    queue,
    async schedule(intervalMinutes) {
      if (intervalMinutes === 0) {
        await queue.removeJobScheduler(KNOWLEDGE_SYNC_SCHEDULER);
        return;
      }
      const every = intervalMinutes * 60_000;
      // Sources are read when added: the first scheduled run is one interval away, not now (this start
      // date only counts when the scheduler is new or its interval changed).
      await queue.upsertJobScheduler(KNOWLEDGE_SYNC_SCHEDULER, { every, startDate: Date.now() + every }, { name: 'sync-all', data: {} });
    },
    close: () => queue.close(),
  };
}
