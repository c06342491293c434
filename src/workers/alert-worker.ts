// Posts urgent-ticket alerts from the alert queue. Failures retry with backoff; a webhook that
// refuses for good (404, 401: a wrong URL) or keeps failing is recorded on the ticket.
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { UndeliverableError } from '../domain/ports/chat.js';
import type { AlertSender } from '../domain/ports/alerts.js';
import type { TicketRepository } from '../domain/ports/tickets.js';
import { ALERT_QUEUE, ZAlertJob, type AlertJob } from '../pipeline/jobs/job-contracts.js';
import { sendSlaAlert, sendUrgentAlert } from '../pipeline/alerts/send-urgent-alert.js';

export interface AlertWorkerDeps {
  connection: Redis;
  prefix: string;
  tickets: TicketRepository;
  sender: AlertSender;
  log: Logger;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createAlertWorker(deps: AlertWorkerDeps): Worker<AlertJob> {
  const log = deps.log.child({ component: 'alert-worker' });
  const worker = new Worker<AlertJob>(
    ALERT_QUEUE,
    async (job) => {
      const parsed = ZAlertJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid alert job: ${parsed.error.message}`);
      try {
        const { ticketId, sla } = parsed.data;
        const result = sla ? await sendSlaAlert(deps, ticketId, sla) : await sendUrgentAlert(deps, ticketId);
        log.info({ ticketId, result, sla }, sla ? 'SLA alert done' : 'urgent alert done');
        return result;
      } catch (err) {
        if (err instanceof UndeliverableError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: 2, autorun: false },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
    log.error({ err: { message: err.message }, ticketId: job.data.ticketId, attempts: job.attemptsMade, final }, 'urgent alert failed');
    if (!final) return;
    deps.tickets
      .appendEvent(job.data.ticketId, {
        type: 'alert_failed',
        actor: { kind: 'system' },
        data: { attempts: job.attemptsMade, error: messageOf(err) },
      })
      .catch((recordErr: unknown) => log.error({ err: recordErr, ticketId: job.data.ticketId }, 'could not record the failed alert'));
  });
  worker.on('error', (err) => log.error({ err }, 'alert worker error'));
  return worker;
}
