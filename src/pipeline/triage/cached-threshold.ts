// The auto-resolve threshold a worker triages with: an admin's override when there is one, else
// AUTO_RESOLVE_THRESHOLD, read from the database at most once per `ttlMs` (a change reaches every
// worker within that), so a busy worker does not add a query per ticket.
import type { Logger } from 'pino';
import { thresholdInForce, type ThresholdInForce } from '../../domain/auto-resolve-threshold.js';
import type { DeploymentSettingsRepository } from '../../domain/ports/settings.js';

export interface CachedThresholdDeps {
  settings: Pick<DeploymentSettingsRepository, 'autoResolveThreshold'>;
  /** AUTO_RESOLVE_THRESHOLD. */
  environment: number;
  /** 0: read for every ticket. */
  ttlMs: number;
  log: Logger;
  now?: () => number;
}

export function cachedThreshold(deps: CachedThresholdDeps): () => Promise<ThresholdInForce> {
  const now = deps.now ?? Date.now;
  let last: { value: ThresholdInForce; readAt: number } | null = null;
  let reading: Promise<ThresholdInForce> | null = null;

  const read = async (): Promise<ThresholdInForce> => {
    try {
      const value = thresholdInForce(deps.environment, await deps.settings.autoResolveThreshold());
      last = { value, readAt: now() };
      return value;
    } catch (err) {
      // The database is unreachable: the ticket is better triaged with the last value known (or the
      // environment's) than not at all; the next ticket tries again.
      deps.log.warn({ err }, 'could not read the auto-resolve threshold; using the last one known');
      return last?.value ?? thresholdInForce(deps.environment, null);
    }
  };

  return () => {
    if (last && now() - last.readAt < deps.ttlMs) return Promise.resolve(last.value);
    // Tickets triaged at once share one read.
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };
}
