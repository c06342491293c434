// After a change is stored: tell chat adapters what to deliver and workers which solution changed.
// Best effort by design: the change itself is committed, and failing the request now would invite
// a retry of something already done. Workers rebuild their index at start, so a lost notice heals.
import type { Logger } from 'pino';
import type { OutcomePublisher, TicketOutcome } from '../../domain/ports/tickets.js';
import type { SolutionChangeNotifier } from '../../domain/ports/learning.js';

export interface AnnounceDeps {
  outcomes: OutcomePublisher;
  solutionChanges: SolutionChangeNotifier;
  log: Pick<Logger, 'error'>;
}

export async function announceChange(
  deps: AnnounceDeps,
  change: { outcome?: TicketOutcome; solutionsChanged?: (string | null)[] },
): Promise<void> {
  if (change.outcome) {
    await deps.outcomes
      .publish(change.outcome)
      .catch((err: unknown) =>
        deps.log.error(
          { err, ticketId: change.outcome?.ticketId, eventKey: change.outcome?.eventKey },
          'could not publish the outcome for delivery',
        ),
      );
  }
  for (const ticketId of new Set(change.solutionsChanged ?? [])) {
    if (!ticketId) continue;
    await deps.solutionChanges
      .notify(ticketId)
      .catch((err: unknown) => deps.log.error({ err, ticketId }, 'could not announce the solution change to workers'));
  }
}
