// The similar-ticket index over reusable solutions, kept in step with the database: loaded in full
// at start, then changed one ticket at a time as solutions are added, confirmed or demoted.
import type { LearningRepository, ReusableSolution, SolutionIndex } from '../domain/pipeline-ports.js';
import { SimilarTicketIndex } from '../nlp/similar-ticket-index.js';

export function createSolutionIndex(): SolutionIndex & { load(solutions: Iterable<ReusableSolution>): void } {
  const index = new SimilarTicketIndex<ReusableSolution>();
  return {
    get size() {
      return index.size;
    },
    search: (text, limit) => index.search(text, limit).map((m) => ({ ticketId: m.id, score: m.score, solution: m.payload })),
    upsert: (solution) => index.upsert(solution.ticketId, solution.message, solution),
    remove: (ticketId) => index.remove(ticketId),
    load: (solutions) => index.load([...solutions].map((s) => ({ id: s.ticketId, text: s.message, payload: s }))),
  };
}

/** Re-reads one ticket: it enters the index if its solution is reusable now, else leaves it. */
export async function syncSolution(learning: LearningRepository, index: SolutionIndex, ticketId: string): Promise<'added' | 'removed' | 'absent'> {
  const solution = await learning.findReusableSolution(ticketId);
  if (solution) {
    index.upsert(solution);
    return 'added';
  }
  return index.remove(ticketId) ? 'removed' : 'absent';
}
