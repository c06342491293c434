// The intent the classifier gives a section of the docs, remembered per classifier version and
// section hash: a ticket weighs up to three sections, and the same few sections come up again and
// again, so each is classified once per model rather than once per ticket.
import type { StoredPassage } from '../domain/ports/knowledge.js';
import type { IntentModel } from '../domain/ports/triage.js';

/** Sections remembered; the cache is dropped when full (a new model makes every entry stale anyway). */
const LIMIT = 20_000;

export function createSectionIntents(): (model: IntentModel, passage: StoredPassage) => string | null {
  const known = new Map<string, string | null>();
  return (model, passage) => {
    const key = `${model.version}\u0000${passage.hash}`;
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    if (known.size >= LIMIT) known.clear();
    const intent = model.predict(`${passage.pageTitle}\n${passage.headingPath.join('\n')}\n${passage.text}`).intent;
    known.set(key, intent);
    return intent;
  };
}
