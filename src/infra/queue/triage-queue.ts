import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TriageQueue } from '../../domain/ports/triage.js';
import type { Priority } from '../../domain/ticket.js';
import { JOB_PRIORITY } from '../../domain/priority.js';
import { TRIAGE_QUEUE, ZTriageJob, type TriageJob } from '../../pipeline/jobs/job-contracts.js';
import { batchedAdds } from './batched-adds.js';
import { blockingDuplicate } from './redis.js';

const POLL_MS = 250;
/** "unknown": the job finished and was already removed. */
const FINISHED_STATES = new Set(['completed', 'failed', 'unknown']);

export interface BullTriageQueue extends TriageQueue {
  queue: Queue<TriageJob>;
  /** Settles when every ticket handed to enqueue() so far has reached Redis (or failed to). */
  enqueued(): Promise<void>;
  /** Ends every pending wait now (each answers "not yet"), so shutdown is not held up by them. */
  endWaits(): void;
  close(): Promise<void>;
}

/** Whether the promise settles (either way) within ms; it is left to finish on its own if not. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
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
  // Connection errors are reported once, by the connection itself (services.ts); unheard, BullMQ prints them.
  queue.on('error', () => undefined);
  // Opened on the first ?wait request: it holds a blocking connection of its own.
  let events: QueueEvents | undefined;
  let eventsConnection: Redis | undefined;
  let waitsEnded = false;
  const wakeWaiters = new Set<() => void>();
  /** Requests waiting for a job's completion event, by job id (one listener for them all). */
  const completionWaiters = new Map<string, Set<() => void>>();
  /** Sleeps for `ms`, or less when endWaits() is called. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeWaiters.add(done);
    });

  // The job id is the ticket id: enqueueing the same ticket twice makes one job.
  const adds = batchedAdds<{ ticketId: string; priority: Priority }>((items) =>
    queue.addBulk(
      items.map(({ ticketId, priority }) => ({
        name: 'triage',
        data: { ticketId },
        opts: { jobId: ticketId, priority: JOB_PRIORITY[priority] },
      })),
    ),
  );

  return {
    queue,
    enqueue: (ticketId, priority) => adds.add({ ticketId, priority }),
    enqueued: () => adds.settled(),
    async backlog() {
      const counts = await queue.getJobCounts('wait', 'prioritized');
      return (counts.wait ?? 0) + (counts.prioritized ?? 0);
    },
    async requeue(ticketId, priority) {
      const job = await Job.fromId<TriageJob>(queue, ticketId);
      if (!job) {
        await queue.add('triage', { ticketId }, { jobId: ticketId, priority: JOB_PRIORITY[priority] });
        return 'enqueued';
      }
      const state = await job.getState();
      if (state === 'failed') {
        // Its attempts ran out (e.g. the database was down for long): start over.
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return 'retried';
      }
      if (state === 'completed') {
        // Finished without a decision (e.g. run against a database restored from before the ticket).
        await job.remove();
        await queue.add('triage', { ticketId }, { jobId: ticketId, priority: JOB_PRIORITY[priority] });
        return 'enqueued';
      }
      return 'pending';
    },
    async retryFailed(limit) {
      // A job with invalid data failed on purpose (UnrecoverableError); retrying it changes nothing.
      const failed = (await queue.getFailed(0, limit - 1)).filter((job) => ZTriageJob.safeParse(job.data).success);
      for (const job of failed) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return failed.length;
    },
    async waitForOutcome(ticketId, timeoutMs) {
      // The ticket is stored whatever happens here: a Redis command that fails or times out while
      // waiting means "not yet", never a failed request.
      return waitFor(ticketId, timeoutMs).catch(() => false);
    },
    endWaits() {
      waitsEnded = true;
      for (const wake of [...wakeWaiters]) wake();
    },
    async close() {
      await adds.settled();
      await events?.close();
      eventsConnection?.disconnect();
      await queue.close();
    },
  };

  async function waitFor(ticketId: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    // Without Redis there is nothing to wait on: answer "not yet" now, the ticket is stored.
    if (connection.status !== 'ready') return false;
    if (!events) {
      eventsConnection = blockingDuplicate(connection);
      events = new QueueEvents(TRIAGE_QUEUE, { connection: eventsConnection, prefix });
      eventsConnection.on('error', () => undefined);
      events.on('error', () => undefined);
      events.on('completed', ({ jobId }) => {
        for (const wake of completionWaiters.get(jobId) ?? []) wake();
      });
    }
    if (!(await settlesWithin(events.waitUntilReady(), deadline - Date.now()))) return false;
    // The ticket's job may still be in a batch on its way to Redis: "no job" must mean "finished".
    await adds.settled();
    const job = await Job.fromId<TriageJob>(queue, ticketId);
    if (!job) return true; // finished and already cleaned up
    // The completion event is the fast path. A short poll of the job's state backs it up: an event
    // can be missed while the events stream connects, and a failed attempt may be retried, so only
    // the job's state says it failed for good. (Not Job.waitUntilFinished: it runs a Redis command
    // inside an async Promise executor, so a command that times out is an unhandled rejection
    // that ends the process.)
    let onCompleted: () => void = () => undefined;
    const byEvent = new Promise<true>((resolve) => {
      onCompleted = () => resolve(true);
    });
    const waiters = completionWaiters.get(ticketId) ?? new Set<() => void>();
    completionWaiters.set(ticketId, waiters.add(onCompleted));
    try {
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0 || waitsEnded) return false;
        const tick = pause(Math.min(POLL_MS, remaining)).then(() => false);
        if (await Promise.race([byEvent, tick])) return true;
        if (FINISHED_STATES.has(await queue.getJobState(ticketId))) return true;
      }
    } finally {
      waiters.delete(onCompleted);
      if (waiters.size === 0) completionWaiters.delete(ticketId);
    }
  }
}
