// Holds the answer-confidence model in use and refits it in the background as outcomes arrive
// (agents' answers, ratings), on the same schedule as classifier retraining: after a quiet period,
// and at least every max wait while outcomes keep coming. A ticket being triaged keeps the model
// it started with; the next one gets the new model.
import type { Logger } from 'pino';
import { DEFAULT_ANSWER_MODEL, type AnswerModel } from '../../domain/answer-confidence.js';
import type { AnswerModelSource, CandidateRepository } from '../../domain/ports/learning.js';
import { oneAtATime } from './one-at-a-time.js';
import { debounceWithMaxWait, type DebounceTiming } from './debounce-with-max-wait.js';
import { fitAnswerModel } from './fit-answer-model.js';

/** The most recent labelled candidates the fit reads: the recent past is what matters, and the fit runs on the worker's thread (about 0.3 s at this size). */
export const MAX_LABELLED_OUTCOMES = 20_000;

export interface LiveAnswerModel extends AnswerModelSource {
  /** Refits on the current history; resolves once the result is in use. */
  refresh(): Promise<void>;
  scheduleRefresh(): void;
  close(): void;
}

export interface LiveAnswerModelDeps {
  candidates: Pick<CandidateRepository, 'listLabelled'>;
  timing: DebounceTiming;
  /** AUTO_RESOLVE_TARGET_PRECISION: the fitted model carries the threshold that met it. */
  targetPrecision: number;
  log: Logger;
  /** Told of each model put in use. */
  onModel?: (model: AnswerModel) => void;
}

export async function startLiveAnswerModel(deps: LiveAnswerModelDeps): Promise<LiveAnswerModel> {
  let model: AnswerModel = DEFAULT_ANSWER_MODEL;
  let closed = false;

  const refreshOnce = async () => {
    const started = performance.now();
    const next = fitAnswerModel(await deps.candidates.listLabelled(MAX_LABELLED_OUTCOMES), DEFAULT_ANSWER_MODEL, deps.targetPrecision);
    if (closed || next.version === model.version) return;
    deps.log.info(
      {
        from: model.version,
        to: next.version,
        examples: next.examples,
        threshold: next.threshold,
        ms: Math.round(performance.now() - started),
        kinds: next.kinds,
      },
      'answer-confidence model replaced',
    );
    model = next;
    deps.onModel?.(model);
  };
  const refresher = oneAtATime(() =>
    refreshOnce().catch((err: unknown) => deps.log.error({ err }, 'fitting answer confidence failed; keeping the current model')),
  );
  const refresh = refresher.run;
  const debounced = debounceWithMaxWait(() => void refresh(), deps.timing);
  await refresh();
  deps.log.info({ version: model.version, examples: model.examples }, 'answer-confidence model ready');
  return {
    current: () => model,
    refresh,
    scheduleRefresh: () => {
      if (!closed) debounced.schedule();
    },
    close() {
      closed = true;
      refresher.stop();
      debounced.cancel();
    },
  };
}
