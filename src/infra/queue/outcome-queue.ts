// The outcome feed chat adapters consume: one BullMQ job per delivered change of a ticket. The job
// id is ticket + change, so publishing the same change twice (a retried pipeline job) delivers once.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OutcomePublisher } from '../../domain/ports/tickets.js';
import { OUTCOME_QUEUE, type OutcomeJob } from '../../pipeline/jobs/job-contracts.js';
import { KEEP_FOR_DEDUPE } from './job-retention.js';

export interface BullOutcomeQueue extends OutcomePublisher {
  queue: Queue<OutcomeJob>;
  close(): Promise<void>;
}

export function createOutcomeQueue(connection: Redis, prefix: string): BullOutcomeQueue {
  const queue = new Queue<OutcomeJob>(OUTCOME_QUEUE, {
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
    async publish(outcome) {
      // BullMQ job ids may not contain ":".
      // An incident change is one per incident: a ticket unlinked and grouped again is a new one.
      const incident = outcome.incidentId ? `-${outcome.incidentId}` : '';
      await queue.add('outcome', outcome, { jobId: `${outcome.ticketId}-${outcome.eventKey}${incident}` });
    },
    close: () => queue.close(),
  };
}
