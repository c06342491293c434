// Escalation steps claimed and never handed to their queues (the process died in between, or the
// hand-over failed: see check-ticket-sla.ts) are taken again, at start and at every sweep, once they
// have been in flight longer than STEP_LEASE_MS. Handing a step over takes milliseconds, so a step
// that old is one nobody is still taking; the lease only keeps a slow hand-over from being doubled.
// Taking one again is safe where it got halfway: its chat notice and alert are queued under ids of
// the ticket and step, so a job already queued is not queued twice.
import { isWaitingForAPerson } from '../../domain/ticket.js';
import type { CheckSlaDeps } from './check-ticket-sla.js';
import { takeStep } from './check-ticket-sla.js';

export const STEP_LEASE_MS = 60_000;
const PAGE = 100;

export type RetakeDeps = Pick<CheckSlaDeps, 'sla' | 'ladder' | 'now' | 'log'>;

/** Takes every step in flight for longer than the lease; how many were taken again. */
export async function retakeStepsInFlight(deps: RetakeDeps, leaseMs = STEP_LEASE_MS): Promise<number> {
  let retaken = 0;
  for (;;) {
    const now = deps.now();
    const page = await deps.sla.reclaimStepsInFlight(new Date(now.getTime() - leaseMs), now, PAGE);
    for (const { ticketId, step } of page) {
      const loaded = await deps.sla.loadTicket(ticketId);
      // A ticket no one is waiting on any more (answered, resolved) gets no late notice.
      if (!loaded || !isWaitingForAPerson(loaded.ticket.status)) {
        await deps.sla.finishStep(ticketId, step);
        continue;
      }
      deps.log.info({ ticketId, metric: step.metric, seq: step.seq, step: step.stepKey, claimedAt: step.at }, 'SLA step taken again');
      await takeStep(deps, loaded.ticket, step);
      retaken += 1;
    }
    if (page.length < PAGE) return retaken;
  }
}
