// The similar-ticket index over reusable solutions, kept in step with the database: loaded in full
// at start, then changed one ticket at a time as solutions are added, confirmed or demoted.
import type { LearningRepository, ReusableSolution, SolutionIndex } from '../../domain/ports/learning.js';
import { SimilarTicketIndex } from '../../nlp/similar-ticket-index.js';
import { textKey } from '../../replies/answer-key.js';

/**
 * Solutions by the text key of their answer, so an answer the classifier recognises can be offered
 * even when none of the tickets that got it is among the nearest by words.
 */
class AnswerDirectory {
  private readonly byKey = new Map<string, Map<string, ReusableSolution>>();
  private readonly keyOf = new Map<string, string>();

  add(solution: ReusableSolution): void {
    this.remove(solution.ticketId);
    const key = textKey(solution.response);
    let tickets = this.byKey.get(key);
    if (!tickets) this.byKey.set(key, (tickets = new Map()));
    tickets.set(solution.ticketId, solution);
    this.keyOf.set(solution.ticketId, key);
  }

  remove(ticketId: string): void {
    const key = this.keyOf.get(ticketId);
    if (key === undefined) return;
    const tickets = this.byKey.get(key)!;
    tickets.delete(ticketId);
    if (tickets.size === 0) this.byKey.delete(key);
    this.keyOf.delete(ticketId);
  }

  any(key: string): ReusableSolution | undefined {
    return this.byKey.get(key)?.values().next().value;
  }
}

export function createSolutionIndex(): SolutionIndex & { load(solutions: Iterable<ReusableSolution>): void } {
  const index = new SimilarTicketIndex<ReusableSolution>();
  const answers = new AnswerDirectory();
  return {
    get size() {
      return index.size;
    },
    search: (text, limit) => index.search(text, limit).map((m) => ({ ticketId: m.id, score: m.score, solution: m.payload })),
    upsert: (solution) => {
      index.upsert(solution.ticketId, solution.message, solution);
      answers.add(solution);
    },
    remove: (ticketId) => {
      answers.remove(ticketId);
      return index.remove(ticketId);
    },
    withAnswer: (key) => answers.any(key),
    load: (solutions) => {
      const all = [...solutions];
      index.load(all.map((s) => ({ id: s.ticketId, text: s.message, payload: s })));
      for (const s of all) answers.add(s);
    },
  };
}

/** Re-reads one ticket: it enters the index if its solution is reusable now, else leaves it. */
export async function syncSolution(
  learning: LearningRepository,
  index: SolutionIndex,
  ticketId: string,
): Promise<'added' | 'removed' | 'absent'> {
  const solution = await learning.findReusableSolution(ticketId);
  if (solution) {
    index.upsert(solution);
    return 'added';
  }
  return index.remove(ticketId) ? 'removed' : 'absent';
}
