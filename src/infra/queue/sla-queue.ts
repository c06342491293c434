// The SLA queue: delayed BullMQ jobs at the exact instants a ticket's timers change state (at risk,
// breached, a later ladder step), and immediate ones after a change to the ticket. A delayed job lives
// in Redis, so it fires after a restart of every process; a job id per ticket and instant makes
// scheduling the same check twice (two processes, a reconcile after a restart) schedule it once.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SlaScheduler } from '../../domain/ports/sla.js';
import { SLA_QUEUE, type SlaJob } from '../../pipeline/jobs/job-contracts.js';

export interface BullSlaQueue extends SlaScheduler {
  queue: Queue<SlaJob>;
  close(): Promise<void>;
}

/** `now`: the clock the instants are on (the SLA watch's; a test may shift it). */
export function createSlaQueue(connection: Redis, prefix: string, now: () => Date = () => new Date()): BullSlaQueue {
  const queue = new Queue<SlaJob>(SLA_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      // A check that ran has scheduled the next one itself: nothing to keep but failures, for inspection.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  // Connection errors are reported once, by the connection itself (services.ts); unheard, BullMQ prints them.
  queue.on('error', () => undefined);
  let sequence = 0;
  return {
    queue,
    async checkAt(ticketId, at) {
      const delay = Math.max(0, at.getTime() - now().getTime());
      await queue.add('check', { ticketId }, { jobId: `sla-${ticketId}-${at.getTime()}`, delay });
    },
    async checkNow(ticketId) {
      sequence = (sequence + 1) % 1_000_000;
      await queue.add('check', { ticketId }, { jobId: `sla-${ticketId}-now-${Date.now().toString(36)}-${sequence}` });
    },
    close: () => queue.close(),
  };
}
