// Runs the SLA checks from the SLA queue (see pipeline/sla/check-ticket-sla.ts).
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SLA_QUEUE, ZSlaJob, type SlaJob } from '../pipeline/jobs/job-contracts.js';
import { checkTicketSla, type CheckResult, type CheckSlaDeps } from '../pipeline/sla/check-ticket-sla.js';

export function createSlaWorker(deps: {
  connection: Redis;
  prefix: string;
  check: CheckSlaDeps;
  log: Logger;
}): Worker<SlaJob, CheckResult> {
  const log = deps.log.child({ component: 'sla-worker' });
  const worker = new Worker<SlaJob, CheckResult>(
    SLA_QUEUE,
    async (job: Job<SlaJob>) => {
      const parsed = ZSlaJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid SLA job: ${parsed.error.message}`);
      return checkTicketSla(deps.check, parsed.data.ticketId);
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: 4, autorun: false },
  );
  worker.on('failed', (job, err) => log.error({ err, ticketId: job?.data.ticketId, attempts: job?.attemptsMade }, 'SLA check failed'));
  worker.on('error', (err) => log.error({ err }, 'SLA worker error'));
  return worker;
}
