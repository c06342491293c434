// The SLA watch, on the chat side of the api role (beside the outcome and delivery workers it feeds):
// the worker that runs the checks, and at start the checks scheduled again from the database.
import type { Messengers } from '../domain/ports/chat.js';
import type { OfferPlanner } from '../pipeline/offers/offer-escalations.js';
import type { CheckSlaDeps } from '../pipeline/sla/check-ticket-sla.js';
import { createLadderActions } from '../pipeline/sla/ladder-actions.js';
import { reconcileSlaChecks } from '../pipeline/sla/reconcile-sla.js';
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
  log.info({ ...reconciled, policies: Object.keys(config.sla.config.policies), file: config.sla.file }, 'SLA watch started');
  return check;
}
