// A SolutionChangeNotifier that records which tickets' solutions workers were told about.
import type { SolutionChangeNotifier } from '../../src/domain/ports/learning.js';

export interface RecordingSolutionChangeNotifier extends SolutionChangeNotifier {
  /** The ticket ids notified, in order, repeats included. */
  readonly notified: string[];
}

export function createRecordingSolutionChangeNotifier(): RecordingSolutionChangeNotifier {
  const notified: string[] = [];
  return {
    notified,
    async notify(ticketId) {
      notified.push(ticketId);
    },
  };
}
