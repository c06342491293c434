// A TriageQueue that records the tickets handed to the pipeline. The job id is the ticket id, as
// in the BullMQ queue: the same ticket enqueued twice is one job. No worker runs: jobs stay waiting.
import type { TriageQueue } from '../../src/domain/ports/triage.js';
import type { Priority } from '../../src/domain/ticket.js';

export interface RecordingTriageQueue extends TriageQueue {
  /** Waiting jobs, in the order enqueued. */
  readonly jobs: { ticketId: string; priority: Priority }[];
}

export function createRecordingTriageQueue(): RecordingTriageQueue {
  const jobs: { ticketId: string; priority: Priority }[] = [];
  const has = (ticketId: string) => jobs.some((j) => j.ticketId === ticketId);
  return {
    jobs,
    async enqueue(ticketId, priority) {
      if (!has(ticketId)) jobs.push({ ticketId, priority });
    },
    async requeue(ticketId, priority) {
      if (has(ticketId)) return 'pending';
      jobs.push({ ticketId, priority });
      return 'enqueued';
    },
    retryFailed: async () => 0,
    waitForOutcome: async () => false,
    backlog: async () => jobs.length,
  };
}
