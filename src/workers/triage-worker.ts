// The thin BullMQ worker: parse the job, call the use case, sort permanent from transient errors.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { TRIAGE_QUEUE, ZTriageJob, type TriageJob } from '../pipeline/jobs/job-contracts.js';
import { escalateAfterFailure, triageTicket, type TriageDeps, type TriageOutcome } from '../pipeline/triage/triage-ticket.js';

export interface TriageWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  triage: TriageDeps;
  log: Logger;
  /** Called with each finished job's outcome and duration (metrics). */
  onOutcome?: (outcome: TriageOutcome, seconds: number) => void;
  /** Awaited before each job: lets requests that share the process go first (src/infra/event-loop-lag.ts). */
  giveWay?: () => Promise<void>;
}

export function createTriageWorker(deps: TriageWorkerDeps): Worker<TriageJob, TriageOutcome> {
  const log = deps.log.child({ component: 'triage-worker' });
  const worker = new Worker<TriageJob, TriageOutcome>(
    TRIAGE_QUEUE,
    async (job: Job<TriageJob>) => {
      const parsed = ZTriageJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid triage job: ${parsed.error.message}`);
      const { ticketId } = parsed.data;
      await deps.giveWay?.();
      const started = performance.now();
      const attempt = job.attemptsMade + 1;
      let outcome: TriageOutcome;
      try {
        outcome = await triageTicket(deps.triage, ticketId, attempt);
      } catch (err) {
        // Database or Redis trouble: retried with backoff. On the last attempt the ticket is
        // escalated as it is, if the database takes that much, rather than left waiting.
        if (attempt < (job.opts.attempts ?? 1)) throw err;
        log.error({ err, ticketId, attempt }, 'triage failed on its last attempt; escalating');
        if (!(await escalateAfterFailure(deps.triage, ticketId, err))) throw err;
        outcome = { kind: 'decided', status: 'ESCALATED', intent: null, reason: 'pipeline_error', replySource: null, modelVersion: 'none' };
      }
      deps.onOutcome?.(outcome, (performance.now() - started) / 1000);
      log.info({ ticketId, outcome }, 'triage job done');
      return outcome;
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency, autorun: false },
  );
  worker.on('failed', (job, err) => log.error({ err, ticketId: job?.data.ticketId, attempts: job?.attemptsMade }, 'triage job failed'));
  worker.on('error', (err) => log.error({ err }, 'triage worker error'));
  return worker;
}
