// Syncs every knowledge source when the schedule says so (infra/queue/knowledge-sync-queue.ts). A
// source that cannot be read keeps its passages and does not stop the others (syncAllSources); any
// other error fails the job, which is retried with backoff.
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { KNOWLEDGE_SYNC_QUEUE, ZKnowledgeSyncJob, type KnowledgeSyncJob } from '../pipeline/jobs/job-contracts.js';
import { syncAllSources, type ManageSourcesDeps } from '../pipeline/knowledge/manage-sources.js';

export interface KnowledgeSyncWorkerDeps {
  connection: Redis;
  prefix: string;
  knowledge: ManageSourcesDeps;
  /** Told after every run, changed or not, so a worker that missed a notice catches up at least this often. */
  checkpoint?: () => Promise<void>;
  log: Logger;
}

export function createKnowledgeSyncWorker(deps: KnowledgeSyncWorkerDeps): Worker<KnowledgeSyncJob> {
  const log = deps.log.child({ component: 'knowledge-sync-worker' });
  const worker = new Worker<KnowledgeSyncJob>(
    KNOWLEDGE_SYNC_QUEUE,
    async (job) => {
      const parsed = ZKnowledgeSyncJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid knowledge sync job: ${parsed.error.message}`);
      const outcomes = await syncAllSources(deps.knowledge);
      const unreadable = outcomes.filter((o) => o.changes === null).map((o) => o.source.name);
      log.info({ sources: outcomes.length, unreadable }, 'knowledge sources synced on schedule');
      await deps.checkpoint?.().catch((err: unknown) => log.warn({ err }, 'could not tell the workers to check their passages'));
      return { sources: outcomes.length, unreadable: unreadable.length };
    },
    // One sync at a time per process; each source is locked while its sync is applied anyway.
    { connection: deps.connection, prefix: deps.prefix, concurrency: 1, autorun: false },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
    log.error({ err, attempts: job.attemptsMade, final }, 'scheduled knowledge sync failed');
  });
  worker.on('error', (err) => log.error({ err }, 'knowledge sync worker error'));
  return worker;
}
