// The outbound chat queue: one BullMQ job per message to post or update, retried with backoff
// (and, on a platform's 429, after its Retry-After; see the delivery worker).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DeliveryQueue } from '../../domain/ports/chat.js';
import { JOB_PRIORITY } from '../../domain/priority.js';
import { DELIVERY_QUEUE, deliveryJobId, type DeliveryJob } from '../../pipeline/jobs/job-contracts.js';
import { KEEP_FOR_DEDUPE } from './job-retention.js';

export interface BullDeliveryQueue extends DeliveryQueue {
  queue: Queue<DeliveryJob>;
  close(): Promise<void>;
}

/** `attempts` (DELIVERY_ATTEMPTS, 10 by default: about eight and a half minutes of 1 s doubling backoff) before a delivery counts as failed. */
export function createDeliveryQueue(connection: Redis, prefix: string, attempts: number): BullDeliveryQueue {
  const queue = new Queue<DeliveryJob>(DELIVERY_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts,
      backoff: { type: 'exponential', delay: 1000 },
      ...KEEP_FOR_DEDUPE,
    },
  });
  // Connection errors are reported once, by the connection itself (services.ts); unheard, BullMQ prints them.
  queue.on('error', () => undefined);
  return {
    queue,
    async enqueue(delivery, priority) {
      await queue.add(delivery.kind, delivery, { jobId: deliveryJobId(delivery), priority: JOB_PRIORITY[priority] });
    },
    close: () => queue.close(),
  };
}
