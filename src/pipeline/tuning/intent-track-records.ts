// Each pack intent's track record: the ratings its templates' answers got when they were sent
// (answers reused from resolved tickets are recorded per answer, not per intent, and are left out).
import type { Ratings } from '../../domain/answer-confidence.js';
import type { TrackRecords } from '../../domain/ports/learning.js';
import type { IntentPack } from '../../intents/intent-pack.js';
import { templateAnswerKey } from '../../replies/answer-key.js';

/** Sums the records of each intent's templates; an intent none of whose templates was rated has none. */
export function sumByIntent(pack: Pick<IntentPack, 'intents'>, records: ReadonlyMap<string, Ratings>): Map<string, Ratings> {
  const byIntent = new Map<string, Ratings>();
  for (const intent of pack.intents) {
    for (const template of intent.templates) {
      const record = records.get(templateAnswerKey(template.id));
      if (!record) continue;
      const sum = byIntent.get(intent.name) ?? { helpful: 0, notHelpful: 0 };
      byIntent.set(intent.name, { helpful: sum.helpful + record.helpful, notHelpful: sum.notHelpful + record.notHelpful });
    }
  }
  return byIntent;
}

export async function intentTrackRecords(deps: {
  pack: IntentPack;
  trackRecords: Pick<TrackRecords, 'read'>;
}): Promise<Map<string, Ratings>> {
  const keys = deps.pack.intents.flatMap((i) => i.templates.map((t) => templateAnswerKey(t.id)));
  return sumByIntent(deps.pack, await deps.trackRecords.read(keys));
}
