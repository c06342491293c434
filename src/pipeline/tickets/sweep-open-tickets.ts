// The database is the source of truth: tickets still OPEN after a grace period are put back on the
// queue, so a job lost with Redis's data (or failed for good) never leaves a ticket unanswered; and a
// decided change whose chat post never came is published again (chat/delivery/republish-undelivered.ts).
import type { Logger } from 'pino';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import type { TriageQueue } from '../../domain/ports/triage.js';
import { republishUndelivered, type RepublishDeps } from '../chat/delivery/republish-undelivered.js';

/** Per sweep; the next sweep takes the rest. */
const BATCH = 1000;

export interface SweepDeps {
  tickets: TicketRepository;
  queue: TriageQueue;
  log: Logger;
  /** Decided changes whose chat posts never came are published again (absent: not checked). */
  undelivered?: Omit<RepublishDeps, 'log'>;
}

/**
 * Re-enqueues OPEN tickets created more than `graceMs` ago (0 at worker start: everything OPEN).
 * Then retries every failed triage job (a waiting or running job is left alone), and publishes
 * again the decided changes whose chat posts never came (see republishUndelivered).
 */
export async function sweepOpenTickets(
  deps: SweepDeps,
  graceMs: number,
  now: Date = new Date(),
): Promise<{ requeued: number; retried: number; republished: number }> {
  const open = await deps.tickets.listOpen(BATCH, new Date(now.getTime() - graceMs));
  let requeued = 0;
  for (const { id, priority } of open) {
    if ((await deps.queue.requeue(id, priority)) !== 'pending') requeued++;
  }
  if (requeued > 0) deps.log.warn({ requeued, open: open.length }, 're-enqueued OPEN tickets whose job was missing or had failed');
  // A ticket decided whose outcome could not be published (Redis trouble through every attempt)
  // is no longer OPEN, so only retrying its failed job gets the outcome out.
  const retried = await deps.queue.retryFailed(BATCH);
  if (retried > 0) deps.log.warn({ retried }, 'retried failed triage jobs');
  const republished = deps.undelivered ? await republishUndelivered({ ...deps.undelivered, log: deps.log }, now) : 0;
  return { requeued, retried, republished };
}

/**
 * Sweeps every `intervalMs` until stopped; a failed sweep is logged and the next one tries again.
 * `sweepNow()` sweeps at once with no grace period (Redis is back after an outage: the tickets stored
 * meanwhile were never enqueued), or right after the sweep under way.
 */
export function startSweeper(
  deps: SweepDeps,
  options: { intervalMs: number; graceMs: number },
): { sweepNow(): void; stop(): Promise<void> } {
  let current: Promise<unknown> | undefined;
  let again = false;
  let stopped = false;
  const sweep = (graceMs: number) => {
    if (stopped) return;
    if (current) {
      if (graceMs === 0) again = true;
      return; // the previous sweep is still going (a large backlog)
    }
    current = sweepOpenTickets(deps, graceMs)
      .catch((err: unknown) => deps.log.error({ err }, 'sweeping OPEN tickets failed'))
      .finally(() => {
        current = undefined;
        if (again) {
          again = false;
          sweep(0);
        }
      });
  };
  const timer = setInterval(() => sweep(options.graceMs), options.intervalMs);
  timer.unref();
  return {
    sweepNow: () => sweep(0),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
