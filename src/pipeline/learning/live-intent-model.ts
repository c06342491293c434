// Holds the classifier in use and replaces it, as a whole, when retraining produced a new one.
// A ticket being classified keeps the model it started with; the next one gets the new model.
import type { IntentModel } from '../../domain/ports/triage.js';
import type { IntentPack } from '../../intents/intent-pack.js';
import { oneAtATime } from './one-at-a-time.js';
import { debounceWithMaxWait } from './debounce-with-max-wait.js';
import { gatherTrainingData, loadOrTrainModel, type IntentModelDeps } from './intent-model.js';

export interface LiveIntentModel {
  current(): IntentModel;
  /** Retrains (or loads) for the current data; resolves once the new model is in use. */
  refresh(): Promise<void>;
  /**
   * Refreshes after `debounceMs` without further calls, so a burst of resolutions trains once, but
   * no later than `maxWaitMs` after the first call since the last refresh started, so a steady
   * stream of resolutions still trains.
   */
  scheduleRefresh(): void;
  close(): void;
}

export interface LiveIntentModelDeps extends IntentModelDeps {
  pack: IntentPack;
  debounceMs: number;
  /** At least `debounceMs`. */
  maxWaitMs: number;
  /** Told of the model in use: once at start, then at each replacement (e.g. for metrics). */
  onModel?: (model: IntentModel) => void;
}

export async function startLiveIntentModel(deps: LiveIntentModelDeps): Promise<LiveIntentModel> {
  const firstData = await gatherTrainingData(deps.learning, deps.pack);
  const first = await loadOrTrainModel(deps, firstData);
  let model = first.model;
  let dataHash = firstData.dataHash;
  deps.onModel?.(model);
  deps.log.info({ version: model.version, trained: first.trained }, 'classifier ready');
  let closed = false;

  const refreshOnce = async () => {
    const data = await gatherTrainingData(deps.learning, deps.pack);
    if (data.dataHash === dataHash) return;
    const next = (await loadOrTrainModel(deps, data)).model;
    if (closed) return;
    deps.log.info({ from: model.version, to: next.version, agentExamples: data.agentExamples }, 'classifier replaced');
    model = next;
    dataHash = data.dataHash;
    deps.onModel?.(model);
  };
  const refresher = oneAtATime(() =>
    refreshOnce().catch((err: unknown) => deps.log.error({ err }, 'retraining the classifier failed; keeping the current one')),
  );
  const refresh = refresher.run;
  const debounced = debounceWithMaxWait(() => void refresh(), deps);

  return {
    current: () => model,
    refresh,
    scheduleRefresh() {
      if (!closed) debounced.schedule();
    },
    close() {
      closed = true;
      refresher.stop();
      debounced.cancel();
    },
  };
}
