// Every intent the classifier knows, for admins: the pack's, `unknown`, and those agents taught it.
import { UNKNOWN_INTENT } from '../../domain/decide.js';
import type { AgentLabelStats } from '../../domain/ports/learning.js';
import type { IntentPack } from '../../intents/intent-pack.js';

export interface IntentSummary {
  name: string;
  /** `learned`: a name agents gave when resolving that is not in the pack. */
  source: 'pack' | 'learned';
  templates: number;
  packExamples: number;
  /** Messages agents resolved with this intent (what retraining learns from). */
  agentExamples: number;
  /** The pack's setting; null for `unknown` and learned intents, which have no pack policy. */
  autoResolve: boolean | null;
  /** The intent's own threshold from the pack; null when AUTO_RESOLVE_THRESHOLD alone applies. */
  threshold: number | null;
}

/**
 * The pack's intents, `unknown` (its examples are the pack's out-of-scope ones) and every learned
 * intent, sorted by name, each with how many examples agents gave. Settings are shown as the pack
 * has them; how they combine with the global threshold is the decision engine's business.
 */
export async function listIntents(deps: { pack: IntentPack; labels: AgentLabelStats }): Promise<IntentSummary[]> {
  const counts = new Map((await deps.labels.countAgentLabels()).map((c) => [c.intent, c.count]));
  const agentExamples = (name: string) => counts.get(name) ?? 0;
  const summaries: IntentSummary[] = deps.pack.intents.map((intent) => ({
    name: intent.name,
    source: 'pack',
    templates: intent.templates.length,
    packExamples: intent.examples.length,
    agentExamples: agentExamples(intent.name),
    autoResolve: intent.autoResolve,
    threshold: intent.threshold,
  }));
  summaries.push({
    name: UNKNOWN_INTENT,
    source: 'pack',
    templates: 0,
    packExamples: deps.pack.outOfScopeExamples.length,
    agentExamples: agentExamples(UNKNOWN_INTENT),
    autoResolve: null,
    threshold: null,
  });
  const inPack = new Set(summaries.map((s) => s.name));
  for (const [name, count] of counts) {
    if (inPack.has(name)) continue;
    summaries.push({ name, source: 'learned', templates: 0, packExamples: 0, agentExamples: count, autoResolve: null, threshold: null });
  }
  return summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
