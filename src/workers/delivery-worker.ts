// Posts chat messages from the delivery queue. A platform's 429 puts the job back until its
// Retry-After without spending an attempt; a delivery that waits for another (its thread's
// "Ticket #N" post) is put back briefly. Other errors retry with backoff, and a delivery that
// fails on every attempt is recorded on the ticket, where admin metrics count it; an automatic
// answer that never arrived sends its ticket to a person.
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimitedError, UndeliverableError } from '../domain/ports/chat.js';
import type { OutcomePublisher } from '../domain/ports/tickets.js';
import type { TicketRepository } from '../domain/ports/tickets.js';
import { DELIVERY_QUEUE, ZDeliveryJob, type DeliveryJob } from '../pipeline/jobs/job-contracts.js';
import { deliverToChat, type DeliverDeps, type DeliveryResult } from '../pipeline/chat/delivery/deliver-to-chat.js';
import { escalateUndeliveredAnswer } from '../pipeline/chat/delivery/undelivered-answer.js';

/** A platform that keeps answering 429 this many times is treated as failing, not slow. */
const MAX_RATE_LIMITED = 30;

export interface DeliveryWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  deliver: DeliverDeps;
  tickets: TicketRepository;
  outcomes: OutcomePublisher;
  log: Logger;
  /** Each finished delivery, for metrics: its result kind, or "failed" once it failed for good. */
  onResult?: (labels: { platform: string; kind: string; result: string }) => void;
}

/**
 * When an earlier run of this job may have posted: it failed after starting (a retry), or its
 * worker stopped mid-run (stalled). Null on a first run. Put-backs (waits, 429s) are not runs
 * that post, so they do not count.
 */
function retryingSince(job: Job<DeliveryJob>): Date | null {
  return job.attemptsMade > 0 || job.stalledCounter > 0 ? new Date(job.timestamp) : null;
}

/** What tells one delivery of a ticket from another in the logs, beyond its kind. */
function detailsOf(job: DeliveryJob): Record<string, unknown> {
  switch (job.kind) {
    case 'sla':
      return { metric: job.metric, seq: job.seq, stepKey: job.stepKey };
    case 'incident':
      return { incidentId: job.incidentId, eventKey: job.eventKey };
    case 'relay':
      return { messageId: job.messageId };
    case 'header':
      return {};
    default:
      return { eventKey: job.eventKey };
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createDeliveryWorker(deps: DeliveryWorkerDeps): Worker<DeliveryJob, DeliveryResult> {
  const log = deps.log.child({ component: 'delivery-worker' });

  const putBack = async (job: Job<DeliveryJob>, token: string | undefined, ms: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  };

  const worker = new Worker<DeliveryJob, DeliveryResult>(
    DELIVERY_QUEUE,
    async (job, token) => {
      const parsed = ZDeliveryJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid delivery job: ${parsed.error.message}`);
      const delivery = parsed.data;
      let result: DeliveryResult;
      try {
        result = await deliverToChat(deps.deliver, delivery, { ageMs: Date.now() - job.timestamp, retryingSince: retryingSince(job) });
      } catch (err) {
        if (err instanceof UndeliverableError) throw new UnrecoverableError(err.message);
        const limited = job.data.rateLimited ?? 0;
        if (!(err instanceof RateLimitedError) || limited >= MAX_RATE_LIMITED) throw err;
        log.warn({ ticketId: delivery.ticketId, kind: delivery.kind, retryAfterMs: err.retryAfterMs }, 'rate limited; delivery put back');
        await job.updateData({ ...job.data, rateLimited: limited + 1 });
        return putBack(job, token, err.retryAfterMs);
      }
      if (result.kind === 'wait') return putBack(job, token, result.ms);
      log.info(
        {
          ticketId: delivery.ticketId,
          kind: delivery.kind,
          platform: delivery.platform,
          ...detailsOf(delivery),
          result: result.kind,
          ...(result.kind === 'skipped' ? { reason: result.reason } : {}),
        },
        'delivery done',
      );
      deps.onResult?.({ platform: delivery.platform, kind: delivery.kind, result: result.kind });
      return result;
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency, autorun: false },
  );

  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
    log.error(
      { err, ticketId: job.data.ticketId, kind: job.data.kind, ...detailsOf(job.data), attempts: job.attemptsMade, final },
      'delivery failed',
    );
    if (!final) return;
    deps.onResult?.({ platform: String(job.data.platform), kind: String(job.data.kind), result: 'failed' });
    const recordFailure = async () => {
      await deps.tickets.appendEvent(job.data.ticketId, {
        type: 'delivery_failed',
        actor: { kind: 'system' },
        data: { kind: job.data.kind, platform: job.data.platform, attempts: job.attemptsMade, error: messageOf(err) },
      });
      const parsed = ZDeliveryJob.safeParse(job.data);
      if (parsed.success && (await escalateUndeliveredAnswer(deps, parsed.data, messageOf(err)))) {
        log.warn({ ticketId: job.data.ticketId }, 'automatic answer undelivered; ticket escalated');
      }
    };
    recordFailure().catch((recordErr: unknown) =>
      log.error({ err: recordErr, ticketId: job.data.ticketId }, 'could not record the failed delivery'),
    );
  });
  worker.on('error', (err) => log.error({ err }, 'delivery worker error'));
  return worker;
}
