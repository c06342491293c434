// The urgent-alert queue: one job per ticket (job id = ticket), retried with backoff for about
// four minutes before the alert counts as failed.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AlertQueue } from '../../domain/ports/alerts.js';
import { ALERT_QUEUE, type AlertJob } from '../../pipeline/jobs/job-contracts.js';
import { KEEP_FOR_DEDUPE } from './job-retention.js';

export interface BullAlertQueue extends AlertQueue {
  queue: Queue<AlertJob>;
  close(): Promise<void>;
}

export function createAlertQueue(connection: Redis, prefix: string): BullAlertQueue {
  const queue = new Queue<AlertJob>(ALERT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      ...KEEP_FOR_DEDUPE,
    },
  });
  // Connection errors are reported once, by the connection itself (services.ts); unheard, BullMQ prints them.
  queue.on('error', () => undefined);
  return {
    queue,
    async enqueue(ticketId) {
      await queue.add('alert', { ticketId }, { jobId: `alert-${ticketId}` });
    },
    close: () => queue.close(),
  };
}
