// The pipeline's own bound. The HTTP side takes tickets far faster than the worker decides them
// (measured on this machine: POST /tickets answered in tens of milliseconds at 200/s on either
// database while decisions fell seconds behind, further every second). So past a backlog of
// TRIAGE_BACKLOG_MAX tickets waiting for the pipeline, an integration's new ticket gets a fast 503
// with Retry-After instead of a place at the end of a queue that only grows: the integration
// retries, and the tickets already accepted are decided within a bounded delay (the backlog over
// the decide rate). Chat is never refused: a customer's Slack or Discord message is stored and
// answered when the pipeline catches up.
//
// The backlog is read from the queue in the background, a few times a second, so the request
// path makes no Redis call for it. While it cannot be read (Redis down) nothing is refused here:
// tickets are stored and the sweeper enqueues them when Redis is back.
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../domain/errors.js';

const SAMPLE_INTERVAL_MS = 250;
const RETRY_AFTER_SECONDS = 5;

export interface BacklogGuardOptions {
  /** Tickets waiting for the pipeline past which API tickets are refused; 0 turns the guard off. */
  maxBacklog: number;
  /** How many tickets wait for the pipeline now. */
  readBacklog(): Promise<number>;
}

export function createBacklogGuard(app: FastifyInstance, options: BacklogGuardOptions): onRequestAsyncHookHandler {
  if (options.maxBacklog <= 0) return async () => undefined;
  let backlog: number | null = null;
  let reading = false;
  const sample = () => {
    if (reading) return;
    reading = true;
    options
      .readBacklog()
      .then(
        (n) => {
          backlog = n;
        },
        () => {
          backlog = null;
        },
      )
      .finally(() => {
        reading = false;
      });
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  timer.unref();
  sample();
  app.addHook('onClose', async () => clearInterval(timer));

  return async function backlogGuard() {
    if (backlog === null || backlog < options.maxBacklog) return;
    throw new AppError('unavailable', {
      message: 'Firstline has more tickets waiting than it can decide promptly. Try again in a few seconds.',
      details: { reason: 'backlog', retryAfterSeconds: RETRY_AFTER_SECONDS },
    });
  };
}
