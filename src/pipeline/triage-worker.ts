// The thin BullMQ worker: parse the job, call the use case, sort permanent from transient errors.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TicketRepository, TriageQueue } from '../domain/ports.js';
import { TRIAGE_QUEUE, ZTriageJob, type TriageJob } from './job-contracts.js';
import { receiveTriageJob, type TriageJobOutcome } from './receive-triage-job.js';

export interface TriageWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  tickets: TicketRepository;
  log: Logger;
}

export function createTriageWorker(deps: TriageWorkerDeps): Worker<TriageJob, TriageJobOutcome> {
  const log = deps.log.child({ component: 'triage-worker' });
  const worker = new Worker<TriageJob, TriageJobOutcome>(
    TRIAGE_QUEUE,
    async (job: Job<TriageJob>) => {
      const parsed = ZTriageJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid triage job: ${parsed.error.message}`);
      const outcome = await receiveTriageJob(deps.tickets, parsed.data.ticketId, job.attemptsMade + 1);
      log.info({ ticketId: parsed.data.ticketId, outcome }, 'triage job done');
      return outcome;
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency, autorun: false },
  );
  worker.on('failed', (job, err) => log.error({ err, ticketId: job?.data.ticketId, attempts: job?.attemptsMade }, 'triage job failed'));
  worker.on('error', (err) => log.error({ err }, 'triage worker error'));
  return worker;
}

/** Re-enqueues tickets left OPEN (e.g. created while Redis was down). Job ids make this idempotent. */
export async function requeueOpenTickets(tickets: TicketRepository, queue: TriageQueue, log: Logger): Promise<number> {
  const ids = await tickets.listOpenIds(10_000);
  for (const id of ids) await queue.enqueue(id);
  if (ids.length > 0) log.info({ count: ids.length }, 're-enqueued open tickets');
  return ids.length;
}
