// The part of CandidateRepository the ticket use cases read: each ticket's best candidate (rank 0).
// A second save for a ticket keeps the first, as in src/infra/db/candidate-repository.ts.
import type { CandidateRepository, StoredCandidate } from '../../src/domain/ports/learning.js';

export function createMemoryCandidateRepository(): Pick<CandidateRepository, 'save' | 'bestCandidate'> {
  const saved = new Map<string, StoredCandidate[]>();
  return {
    async save(ticketId, candidates) {
      if (!saved.has(ticketId)) saved.set(ticketId, structuredClone([...candidates]));
    },
    async bestCandidate(ticketId) {
      const best = saved.get(ticketId)?.find((c) => c.rank === 0);
      return best ? { textKey: best.textKey, confidence: best.confidence } : null;
    },
  };
}
