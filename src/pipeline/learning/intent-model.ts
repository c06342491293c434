// The classifier the pipeline uses, trained on the intent pack plus what agents taught it, and
// persisted: a start with the same training data loads the stored model instead of training.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { IntentModel } from '../../domain/ports/triage.js';
import type { LearningRepository, ModelRepository } from '../../domain/ports/learning.js';
import { UNKNOWN_INTENT } from '../../domain/decide.js';
import type { IntentPack } from '../../intents/intent-pack.js';
import { DEFAULT_CLASSIFIER_OPTIONS, IntentClassifier, type ClassifierState, type LabelledText } from '../../nlp/intent-classifier.js';
import { answerClass } from '../../replies/answer-key.js';

/** Agent-labelled messages trained on at most (the newest are dropped beyond this). */
const MAX_AGENT_EXAMPLES = 50_000;
/** An answer agents gave to at least this many messages (without naming an intent) becomes a class. */
export const MIN_ANSWER_CLASS_EXAMPLES = 3;

export interface TrainingData {
  examples: LabelledText[];
  agentExamples: number;
  /** Changes whenever anything the model would learn from (or how it learns) changes. */
  dataHash: string;
}

export interface IntentModelDeps {
  learning: LearningRepository;
  models: ModelRepository;
  log: Logger;
  /** How to train (e.g. off the main thread); training in place when absent. */
  train?: (examples: readonly LabelledText[]) => Promise<IntentClassifier>;
}

export function toIntentModel(classifier: IntentClassifier, dataHash: string): IntentModel {
  return { version: dataHash.slice(0, 12), predict: (text) => classifier.predict(text) };
}

/**
 * The pack's examples (out-of-scope ones as `unknown`) plus every message an agent resolved and gave an
 * intent for, with that intent: a pack intent trains that intent, `unknown` the out-of-scope class, and
 * any other name a learned intent, trained like any class (it has no templates, so only agents'
 * answers to it can be reused). Tickets resolved without an intent are never labelled with the
 * classifier's own guess; instead, an answer agents gave to MIN_ANSWER_CLASS_EXAMPLES or more such
 * messages becomes a class of its own (`answer:<key>`), so the classifier learns which messages get
 * which answer even when nobody names intents, and its probability is evidence for reusing it.
 */
export async function gatherTrainingData(learning: LearningRepository, pack: IntentPack): Promise<TrainingData> {
  const examples: LabelledText[] = pack.intents.flatMap((intent) => intent.examples.map((text) => ({ text, label: intent.name })));
  examples.push(...pack.outOfScopeExamples.map((text) => ({ text, label: UNKNOWN_INTENT })));
  const packExamples = examples.length;
  const taught = await learning.listIntentExamples(MAX_AGENT_EXAMPLES);
  examples.push(...taught.map((m) => ({ text: m.text, label: m.intent })));
  const answered = (await learning.listAnswerExamples(MAX_AGENT_EXAMPLES)).map((m) => ({ text: m.text, label: answerClass(m.answer) }));
  const perClass = new Map<string, number>();
  for (const a of answered) perClass.set(a.label, (perClass.get(a.label) ?? 0) + 1);
  examples.push(...answered.filter((a) => perClass.get(a.label)! >= MIN_ANSWER_CLASS_EXAMPLES));
  const hash = createHash('sha256').update(JSON.stringify(DEFAULT_CLASSIFIER_OPTIONS));
  for (const e of examples) hash.update(`\u0000${e.label}\u0001${e.text}`);
  return { examples, agentExamples: examples.length - packExamples, dataHash: hash.digest('hex') };
}

/** Loads the stored model for this data, or trains one and stores it. */
export async function loadOrTrainModel(deps: IntentModelDeps, data: TrainingData): Promise<{ model: IntentModel; trained: boolean }> {
  const stored = await deps.models.findByHash(data.dataHash);
  if (stored) {
    try {
      return { model: toIntentModel(IntentClassifier.restore(stored.state as ClassifierState), data.dataHash), trained: false };
    } catch (err) {
      // A model saved by an older version may not restore; training again is always possible.
      deps.log.warn({ err, dataHash: data.dataHash }, 'stored classifier could not be restored; retraining');
    }
  }
  const started = performance.now();
  const classifier = deps.train ? await deps.train(data.examples) : IntentClassifier.train(data.examples);
  const ms = Math.round(performance.now() - started);
  await deps.models.save({
    dataHash: data.dataHash,
    examples: data.examples.length,
    agentExamples: data.agentExamples,
    state: classifier.toState(),
  });
  deps.log.info(
    { examples: data.examples.length, agentExamples: data.agentExamples, ms, version: data.dataHash.slice(0, 12) },
    'classifier trained',
  );
  return { model: toIntentModel(classifier, data.dataHash), trained: true };
}
