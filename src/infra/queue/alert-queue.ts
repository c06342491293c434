// The alert queue: one job per urgent ticket (job id = ticket) and per SLA timer and step, retried with backoff for about
// four minutes before the alert counts as failed.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AlertQueue, SlaAlertQueue } from '../../domain/ports/alerts.js';
import { ALERT_QUEUE, type AlertJob } from '../../pipeline/jobs/job-contracts.js';
import { KEEP_FOR_DEDUPE } from './job-retention.js';

export interface BullAlertQueue extends AlertQueue, SlaAlertQueue {
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
    async enqueueSla(ticketId, sla) {
      // One alert per timer and step; BullMQ ids may not contain ":" ("breached_for:30").
      const jobId = `alert-sla-${ticketId}-${sla.metric}-${sla.seq}-${sla.stepKey.replaceAll(':', '-')}`;
      await queue.add('sla-alert', { ticketId, sla }, { jobId });
    },
    close: () => queue.close(),
  };
}
