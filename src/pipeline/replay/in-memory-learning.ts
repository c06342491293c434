// What a replay has learned so far, held in memory: the same reads the live pipeline makes of the
// database (the LearningRepository and ModelRepository of domain/ports/learning.ts), so the replay's classifier is
// trained by the very code the worker uses (gatherTrainingData, loadOrTrainModel) on the rows it has
// seen, and nothing is written anywhere.
import type { Logger } from 'pino';
import type { IntentModel } from '../../domain/ports/triage.js';
import type { LearningRepository, ModelRepository, ReusableSolution, StoredModel } from '../../domain/ports/learning.js';
import type { IntentPack } from '../../intents/intent-pack.js';
import { gatherTrainingData, loadOrTrainModel } from '../learning/intent-model.js';

/** A past conversation whose answer has become known, as an agent's resolution would make it. */
export interface ResolvedConversation {
  question: string;
  answer: string;
  /** The intent the agent gave, or null when none was given. */
  intent: string | null;
}

export interface InMemoryLearning extends LearningRepository {
  /** The conversation becomes a reusable solution and training data; resolves to its solution. */
  add(conversation: ResolvedConversation): ReusableSolution;
}

export function createInMemoryLearning(): InMemoryLearning {
  const solutions: ReusableSolution[] = [];
  return {
    add({ question, answer, intent }) {
      const solution = { ticketId: `replay-${solutions.length + 1}`, message: question, response: answer, intent };
      solutions.push(solution);
      return solution;
    },
    listReusableSolutions: async () => [...solutions],
    findReusableSolution: async (ticketId) => solutions.find((s) => s.ticketId === ticketId) ?? null,
    // Oldest first with a limit, as the database reads them.
    listIntentExamples: async (limit) =>
      solutions
        .filter((s) => s.intent !== null)
        .slice(0, limit)
        .map((s) => ({ text: s.message, intent: s.intent! })),
    listAnswerExamples: async (limit) =>
      solutions
        .filter((s) => s.intent === null)
        .slice(0, limit)
        .map((s) => ({ text: s.message, answer: s.response })),
  };
}

/** Keeps only the latest model: a replay never goes back to an older training set. */
export function createInMemoryModels(): ModelRepository {
  let latest: StoredModel | null = null;
  return {
    findByHash: async (dataHash) => (latest?.dataHash === dataHash ? latest : null),
    async save(model) {
      if (latest?.dataHash !== model.dataHash) latest = { ...model, createdAt: new Date() };
    },
  };
}

/** Trains the pipeline's classifier on the pack plus what `learning` holds, in this process. */
export function packTrainer(pack: IntentPack, log: Logger): (learning: LearningRepository) => Promise<IntentModel> {
  const models = createInMemoryModels();
  return async (learning) => (await loadOrTrainModel({ learning, models, log }, await gatherTrainingData(learning, pack))).model;
}
