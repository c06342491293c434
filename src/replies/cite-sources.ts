// A grounded answer as the customer reads it: its citations renumbered 1…k in the order they first
// appear, then a "Sources:" list naming each cited passage and linking it. Links come from the
// passages we hold, never from the model's text; a file on the server is named without one.
import type { SourcePassage } from '../domain/ports/triage.js';
import { CITATION, citationsIn } from './groundedness.js';

export const SOURCES_HEADING = 'Sources:';

/** The answer with its citations renumbered and the cited passages listed (uncited ones are left out). */
export function renderCitations(answer: string, passages: readonly SourcePassage[]): string {
  const byId = new Map(passages.map((p) => [p.id, p]));
  const cited = citationsIn(answer).flatMap((id) => byId.get(id) ?? []);
  const number = new Map(cited.map((passage, i) => [passage.id, i + 1]));
  const body = answer.trim().replace(CITATION, (whole, ids: string) => {
    const renumbered = [...new Set(ids.split(',').map((id) => number.get(Number(id.trim()))))];
    return renumbered.every((n) => n !== undefined) ? `[${renumbered.join(', ')}]` : whole;
  });
  if (cited.length === 0) return body;
  const sources = cited.map((passage, i) =>
    passage.link ? `[${i + 1}] “${passage.title}”: ${passage.link}` : `[${i + 1}] “${passage.title}”`,
  );
  return `${body}\n\n${SOURCES_HEADING}\n${sources.join('\n')}`;
}
