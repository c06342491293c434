// What the tuning pages say after an action: pure, so the wording is tested without a server.
import type { IncidentSummary } from '../../domain/incident.js';
import type { SyncOutcome } from '../../pipeline/knowledge/manage-sources.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One source's sync, as a sentence: what changed, or that nothing could be read (and was kept). */
export function syncMessage(outcome: SyncOutcome): string {
  const { source, changes } = outcome;
  if (!changes) {
    const why = source.errors[0] ? `: ${source.errors[0].error}` : '';
    return `“${source.name}” could not be read${why}. Its passages were kept as they were.`;
  }
  const failed = source.errors.length > 0 ? ` ${plural(source.errors.length, 'page')} could not be read.` : '';
  return (
    `Synced “${source.name}”: ${plural(changes.added.length, 'section')} added, ${changes.removedIds.length} removed, ` +
    `${changes.kept} unchanged.${failed}`
  );
}

/** Every source's sync in one line each, or that there was nothing to sync. */
export function syncAllMessages(outcomes: readonly SyncOutcome[]): string[] {
  if (outcomes.length === 0) return ['There are no knowledge sources to sync.'];
  return outcomes.map(syncMessage);
}

/** After resolving an incident: who got the answer and who did not. */
export function resolveIncidentMessage(result: { incident: Pick<IncidentSummary, 'number'>; resolved: number; skipped: number }): string {
  const skipped =
    result.skipped > 0
      ? ` ${plural(result.skipped, 'ticket')} claimed by another agent ${result.skipped === 1 ? 'was' : 'were'} left to them.`
      : '';
  return `Incident #${result.incident.number} resolved: ${plural(result.resolved, 'report')} answered.${skipped}`;
}

/** Skills typed as a list ("billing, refunds  vip") → distinct lower-case words, in order. */
export function parseSkills(text: string): string[] {
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  return [...new Set(words)];
}
