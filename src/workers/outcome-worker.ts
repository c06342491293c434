// Consumes the outcome feed: each ticket change becomes the chat deliveries it needs.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { REPLANNING_EVENTS, type OfferPlanner } from '../pipeline/offers/offer-escalations.js';
import { OUTCOME_QUEUE, ZOutcomeJob, type OutcomeJob } from '../pipeline/jobs/job-contracts.js';
import { routeOutcome, type RouteOutcomeDeps } from '../pipeline/chat/delivery/route-outcome.js';
import type { SlaScheduler } from '../domain/ports/sla.js';
import { isOfferKey, isSlaKey } from '../domain/ticket-event.js';

export function createOutcomeWorker(deps: {
  connection: Redis;
  prefix: string;
  route: RouteOutcomeDeps;
  /** Re-offers escalations to agents after changes that move their load. */
  offers: OfferPlanner;
  /** SLA timers are checked again after every change but their own. */
  sla?: Pick<SlaScheduler, 'checkNow'>;
  log: Logger;
}): Worker<OutcomeJob> {
  const log = deps.log.child({ component: 'outcome-worker' });
  const worker = new Worker<OutcomeJob>(
    OUTCOME_QUEUE,
    async (job: Job<OutcomeJob>) => {
      const parsed = ZOutcomeJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid outcome job: ${parsed.error.message}`);
      const deliveries = await routeOutcome(deps.route, parsed.data);
      log.debug({ ...parsed.data, deliveries: deliveries.map((d) => d.kind) }, 'outcome routed');
      // Offers are suggestions: a failed re-plan is logged, and the next change plans again.
      if (REPLANNING_EVENTS.includes(parsed.data.eventKey)) {
        await deps.offers.replan().catch((err: unknown) => log.error({ err }, 'could not update the offers to agents'));
      }
      const { ticketId, eventKey, status } = parsed.data;
      // An automatic answer never reached a person: it has no timers to look at.
      if (deps.sla && status !== 'AUTO_RESOLVED' && !isSlaKey(eventKey) && !isOfferKey(eventKey)) {
        await deps.sla.checkNow(ticketId).catch((err: unknown) => log.error({ err, ticketId }, 'could not schedule the SLA check'));
      }
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: 4, autorun: false },
  );
  worker.on('failed', (job, err) =>
    log.error({ err, ticketId: job?.data.ticketId, attempts: job?.attemptsMade }, 'outcome routing failed'),
  );
  worker.on('error', (err) => log.error({ err }, 'outcome worker error'));
  return worker;
}
