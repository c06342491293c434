// Past what the process can take, a new request gets a fast 503 with Retry-After instead of
// queueing behind the others: measured before this guard, an offered 200 tickets/s on the embedded
// default were all accepted with a p99 of 31 s, and at 500/s hundreds of connections were reset.
// "What the process can take" is read from the event loop (@fastify/under-pressure): when its mean
// delay over the last half second passes HTTP_MAX_EVENT_LOOP_DELAY_MS, everything in this process
// (the API, the worker, the embedded database) is already late. Health, Prometheus and Slack's
// webhook are let through: operators need to see the overload, and Slack must get its ack in time
// or it retries the same event later.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';

const LET_THROUGH: ReadonlySet<string> = new Set(['/health', '/metrics', '/slack/events']);
const SAMPLE_INTERVAL_MS = 500;
const RETRY_AFTER_SECONDS = 2;

export async function registerOverloadGuard(app: FastifyInstance, maxEventLoopDelayMs: number): Promise<void> {
  if (maxEventLoopDelayMs <= 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    sampleInterval: SAMPLE_INTERVAL_MS,
    pressureHandler: async (request) => {
      if (LET_THROUGH.has(request.routeOptions.url ?? '')) return;
      throw new AppError('unavailable', {
        message: 'Firstline is over capacity right now. Try again in a few seconds.',
        details: { reason: 'overloaded', retryAfterSeconds: RETRY_AFTER_SECONDS },
      });
    },
  });
}
