import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TriageQueue } from '../../domain/ports.js';
import { TRIAGE_QUEUE, type TriageJob } from '../../pipeline/job-contracts.js';

export interface BullTriageQueue extends TriageQueue {
  queue: Queue<TriageJob>;
  close(): Promise<void>;
}

export function createTriageQueue(connection: Redis, prefix: string): BullTriageQueue {
  const queue = new Queue<TriageJob>(TRIAGE_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  // Opened on the first ?wait request: it holds a blocking connection of its own.
  let events: QueueEvents | undefined;
  let eventsConnection: Redis | undefined;

  return {
    queue,
    async enqueue(ticketId) {
      // The job id is the ticket id: enqueueing the same ticket twice makes one job.
      await queue.add('triage', { ticketId }, { jobId: ticketId });
    },
    async waitForOutcome(ticketId, timeoutMs) {
      if (!events) {
        eventsConnection = connection.duplicate();
        events = new QueueEvents(TRIAGE_QUEUE, { connection: eventsConnection, prefix });
      }
      await events.waitUntilReady();
      const job = await Job.fromId<TriageJob>(queue, ticketId);
      if (!job) return true; // finished and already cleaned up
      try {
        await job.waitUntilFinished(events, timeoutMs);
        return true;
      } catch {
        // Timed out, or the attempt failed and will be retried: the caller answers with the state so far.
        return false;
      }
    },
    async close() {
      await events?.close();
      eventsConnection?.disconnect();
      await queue.close();
    },
  };
}
