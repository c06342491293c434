// An OutcomePublisher that records the outcomes announced. Like the BullMQ feed, the same change
// (ticket, event key and incident) published twice is delivered once.
import type { OutcomePublisher, TicketOutcome } from '../../src/domain/ports/tickets.js';

export interface RecordingOutcomePublisher extends OutcomePublisher {
  /** Each distinct outcome, in the order first published. */
  readonly published: TicketOutcome[];
  /** Makes every later publish fail with `err` (Redis down). */
  failWith(err: Error): void;
}

export function createRecordingOutcomePublisher(): RecordingOutcomePublisher {
  const published: TicketOutcome[] = [];
  const ids = new Set<string>();
  let failure: Error | null = null;
  return {
    published,
    failWith(err) {
      failure = err;
    },
    async publish(outcome) {
      if (failure) throw failure;
      const id = `${outcome.ticketId}-${outcome.eventKey}${outcome.incidentId ? `-${outcome.incidentId}` : ''}`;
      if (ids.has(id)) return;
      ids.add(id);
      published.push({ ...outcome });
    },
  };
}
