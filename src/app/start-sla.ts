// The SLA watch, on the chat side of the api role (beside the outcome and delivery workers it feeds):
// the worker that runs the checks, at start the checks scheduled again from the database, and at
// start and every SWEEP_INTERVAL_SECONDS the escalation steps a dead process left in flight.
import type { Messengers } from '../domain/ports/chat.js';
import type { OfferPlanner } from '../pipeline/offers/offer-escalations.js';
import type { CheckSlaDeps } from '../pipeline/sla/check-ticket-sla.js';
import { createLadderActions } from '../pipeline/sla/ladder-actions.js';
import { reconcileSlaChecks } from '../pipeline/sla/reconcile-sla.js';
import { retakeStepsInFlight } from '../pipeline/sla/retake-steps.js';
import { createSlaWorker } from '../workers/sla-worker.js';
import type { Services } from './services.js';
import type { StopStep } from './start-worker.js';

export async function startSla(
  services: Services,
  stops: StopStep[],
  chat: { messengers: Messengers; offers: OfferPlanner },
  now: () => Date = () => new Date(),
): Promise<CheckSlaDeps> {
  const { config, log } = services;
  const check: CheckSlaDeps = {
    sla: services.sla,
    settings: services.slaSettings,
    scheduler: services.slaScheduler,
    outcomes: services.outcomes,
    ladder: createLadderActions({
      tickets: services.tickets,
      settings: services.slaSettings,
      chat: { messengers: chat.messengers, deliveries: services.deliveries },
      reoffer: { passOver: (ticketId, agentId) => services.assignments.passOver(ticketId, agentId), replan: () => chat.offers.replan() },
      alerts: config.alerts ? services.alerts : undefined,
      log,
    }),
    now,
    log,
  };
  const worker = createSlaWorker({ connection: services.workerRedis, prefix: config.redis.queuePrefix, check, log });
  void worker.run();
  stops.push({ name: 'SLA worker', stop: () => worker.close(services.workerRedis.status !== 'ready') });
  const reconciled = await reconcileSlaChecks({ sla: services.sla, scheduler: services.slaScheduler });
  let running: Promise<number> = Promise.resolve(0);
  const retake = () =>
    (running = retakeStepsInFlight(check).catch((err: unknown) => {
      log.error({ err }, 'could not take again the SLA steps left in flight; the next sweep tries again');
      return 0;
    }));
  const retaken = await retake();
  const sweep = setInterval(() => void retake(), config.pipeline.sweepIntervalSeconds * 1000);
  sweep.unref();
  stops.push({
    name: 'SLA step sweep',
    stop: async () => {
      clearInterval(sweep);
      await running;
    },
  });
  log.info({ ...reconciled, retaken, policies: Object.keys(config.sla.config.policies), file: config.sla.file }, 'SLA watch started');
  return check;
}
