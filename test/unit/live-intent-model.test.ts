import { pino } from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LearningRepository, ModelRepository, StoredModel } from '../../src/domain/ports/learning.js';
import type { IntentPack } from '../../src/intents/intent-pack.js';
import { IntentClassifier } from '../../src/nlp/intent-classifier.js';
import { startLiveIntentModel, type LiveIntentModel } from '../../src/pipeline/learning/live-intent-model.js';

const DEBOUNCE_MS = 1000;
const MAX_WAIT_MS = 5000;

const loginExamples = Array.from({ length: 10 }, (_, i) => `I cannot log in to my account, attempt ${i}`);
const offTopicExamples = Array.from({ length: 10 }, (_, i) => `What is the weather like on day ${i}`);
const pack: IntentPack = {
  version: 1,
  name: 'test',
  outOfScopeExamples: offTopicExamples,
  intents: [
    {
      name: 'login_issue',
      description: '',
      autoResolve: true,
      threshold: null,
      skills: [],
      examples: loginExamples,
      templates: [{ id: 'login_issue.reset', keywords: [], text: 'Reset your password.' }],
    },
  ],
};

// Training itself is not under test: every "training" hands back one classifier trained up front.
let classifier: IntentClassifier;
beforeAll(() => {
  classifier = IntentClassifier.train([
    ...loginExamples.map((text) => ({ text, label: 'login_issue' })),
    ...offTopicExamples.map((text) => ({ text, label: 'unknown' })),
  ]);
});

/** In-memory ports plus a `train` that records when it ran and can be held open. */
function fakes() {
  const labelled: { text: string; intent: string }[] = [];
  const stored = new Map<string, StoredModel>();
  const learning: LearningRepository = {
    listReusableSolutions: () => Promise.resolve([]),
    findReusableSolution: () => Promise.resolve(null),
    listIntentExamples: (limit) => Promise.resolve(labelled.slice(0, limit)),
    listAnswerExamples: () => Promise.resolve([]),
  };
  const models: ModelRepository = {
    findByHash: (dataHash) => Promise.resolve(stored.get(dataHash) ?? null),
    save: (model) => {
      if (!stored.has(model.dataHash)) stored.set(model.dataHash, { ...model, createdAt: new Date() });
      return Promise.resolve();
    },
  };
  const state = {
    /** Fake-clock times at which each training started; the first is the one at start-up. */
    trainedAt: [] as number[],
    active: 0,
    maxActive: 0,
    /** While set, a training waits for it. */
    hold: undefined as Promise<void> | undefined,
  };
  const train = async () => {
    state.trainedAt.push(Date.now());
    state.active += 1;
    state.maxActive = Math.max(state.maxActive, state.active);
    try {
      await state.hold;
      return classifier;
    } finally {
      state.active -= 1;
    }
  };
  /** An agent resolves one more ticket: the training data changes. */
  const resolveTicket = () => labelled.push({ text: `My login fails with code ${labelled.length}`, intent: 'login_issue' });
  return { learning, models, train, state, resolveTicket };
}

describe('live intent model: scheduled retraining', () => {
  let f: ReturnType<typeof fakes>;
  let live: LiveIntentModel;
  /** Fake-clock time of the test's first scheduleRefresh(). */
  let t0: number;
  const retrainedAt = () => f.state.trainedAt.slice(1).map((t) => t - t0);
  const resolveAndSchedule = () => {
    f.resolveTicket();
    live.scheduleRefresh();
  };

  beforeEach(async () => {
    vi.useFakeTimers();
    f = fakes();
    live = await startLiveIntentModel({
      learning: f.learning,
      models: f.models,
      log: pino({ level: 'silent' }),
      train: f.train,
      pack,
      debounceMs: DEBOUNCE_MS,
      maxWaitMs: MAX_WAIT_MS,
    });
    expect(f.state.trainedAt).toHaveLength(1);
    t0 = Date.now();
  });

  afterEach(() => {
    live.close();
    vi.useRealTimers();
  });

  it('retrains once, debounceMs after a burst of changes goes quiet, and swaps the model in', async () => {
    const before = live.current().version;
    for (let i = 0; i < 3; i++) {
      resolveAndSchedule();
      await vi.advanceTimersByTimeAsync(200);
    }
    // Last call at 400 ms: nothing until 1400 ms, then one retraining.
    await vi.advanceTimersByTimeAsync(400 + DEBOUNCE_MS - 600 - 1);
    expect(retrainedAt()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(retrainedAt()).toEqual([400 + DEBOUNCE_MS]);
    expect(live.current().version).not.toBe(before);

    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT_MS);
    expect(retrainedAt()).toHaveLength(1);
  });

  it('still retrains every maxWaitMs while changes keep coming every debounceMs / 2', async () => {
    while (Date.now() - t0 < 2 * MAX_WAIT_MS) {
      resolveAndSchedule();
      await vi.advanceTimersByTimeAsync(DEBOUNCE_MS / 2);
      // A plain debounce would never fire here: every call comes before the previous one's delay ends.
      if (Date.now() - t0 < MAX_WAIT_MS) expect(retrainedAt()).toEqual([]);
    }
    // Each pending period starts with the first call after a retraining started.
    expect(retrainedAt()).toEqual([MAX_WAIT_MS, 2 * MAX_WAIT_MS]);
    expect(f.state.maxActive).toBe(1);
  });

  it('never trains twice at once: changes during a training retrain once more, after it', async () => {
    let release!: () => void;
    f.state.hold = new Promise((resolve) => (release = resolve));
    resolveAndSchedule();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(retrainedAt()).toEqual([DEBOUNCE_MS]);
    expect(f.state.active).toBe(1);

    // Changes keep coming for well past maxWaitMs while that training is still running.
    for (let i = 0; i < (3 * MAX_WAIT_MS) / (DEBOUNCE_MS / 2); i++) {
      resolveAndSchedule();
      await vi.advanceTimersByTimeAsync(DEBOUNCE_MS / 2);
    }
    expect(retrainedAt()).toHaveLength(1);

    f.state.hold = undefined;
    const releasedAt = Date.now() - t0;
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(retrainedAt()).toEqual([DEBOUNCE_MS, releasedAt]);
    expect(f.state.maxActive).toBe(1);

    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT_MS);
    expect(retrainedAt()).toHaveLength(2);
  });

  it('close() cancels a pending retraining', async () => {
    resolveAndSchedule();
    live.close();
    live.scheduleRefresh();
    await vi.advanceTimersByTimeAsync(10 * MAX_WAIT_MS);
    expect(retrainedAt()).toEqual([]);
  });
});
