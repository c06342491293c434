// The worker role: the classifier, the solution index, the knowledge passages, the triage worker,
// the sweeper, the scheduled knowledge sync and the subscriptions that keep the indexes and the
// classifier learning. Adds its stop steps, in start order, to `stops` as it goes, so a failure
// halfway still stops what did start.
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { ReplyWriter } from '../domain/ports/triage.js';
import { RELOAD_ALL_SOLUTIONS, subscribeToSolutionChanges } from '../infra/queue/solution-changes.js';
import { trainInThread } from '../infra/training/train-in-thread.js';
import { loadIntentPack } from '../intents/intent-pack.js';
import { startLiveIntentModel } from '../pipeline/learning/live-intent-model.js';
import { startLiveAnswerModel } from '../pipeline/learning/live-answer-model.js';
import { createSolutionIndex, syncSolution } from '../pipeline/learning/solution-index.js';
import { startSweeper, sweepOpenTickets } from '../pipeline/tickets/sweep-open-tickets.js';
import type { TriageDeps } from '../pipeline/triage/triage-ticket.js';
import { createTriageWorker } from '../workers/triage-worker.js';
import { createLlmReplyWriter } from '../replies/llm-reply-writer.js';
import type { BreakerBoard } from '../infra/resilience/outbound-policy.js';
import { alertMessage as discordAlertMessage } from '../adapters/discord/messages.js';
import { alertMessage as slackAlertMessage } from '../adapters/slack/blocks.js';
import { createWebhookPoster } from '../infra/alerts/webhook-poster.js';
import { createAlertWorker } from '../workers/alert-worker.js';
import { createIncidentGrouper } from '../pipeline/incidents/incident-grouper.js';
import type { PassageLibrary } from '../domain/ports/knowledge.js';
import { createKnowledgeSyncQueue } from '../infra/queue/knowledge-sync-queue.js';
import { EVERY_SOURCE } from '../infra/queue/passage-changes.js';
import type { ManageSourcesDeps } from '../pipeline/knowledge/manage-sources.js';
import { createKnowledgeSyncWorker } from '../workers/knowledge-sync-worker.js';
import { knowledgeDeps } from './knowledge-deps.js';
import { startPassageLibrary } from './start-passage-library.js';
import { llmPolicy, outboundPolicy } from './outbound-policies.js';
import type { Services } from './services.js';
import { cachedThreshold } from '../pipeline/triage/cached-threshold.js';

export interface StopStep {
  name: string;
  stop(): Promise<void>;
}

function createWriter(config: Readonly<Config>, breakers: BreakerBoard, log: Logger): ReplyWriter | undefined {
  const llm = config.llm;
  if (!llm) return undefined;
  return createLlmReplyWriter({ ...llm, baseURL: llm.baseUrl, policy: llmPolicy(breakers, llm), log: log.child({ component: 'llm' }) });
}

/** The pipeline's settings from the configuration. */
export function triageSettings(config: Readonly<Config>): TriageDeps['settings'] {
  const { pipeline } = config;
  return {
    autoResolveThreshold: pipeline.autoResolveThreshold,
    autoResolveMode: pipeline.autoResolveMode,
    urgentThreshold: pipeline.urgentThreshold,
    urgentPolicy: pipeline.urgentPolicy,
    productName: pipeline.productName,
    supportUrl: pipeline.supportUrl,
  };
}

export interface WorkerOptions {
  /** Awaited before each triage job; set when the API runs in the same process. */
  giveWay?: () => Promise<void>;
}

/** What a started worker holds that tests look at. */
export interface StartedWorker {
  /** The knowledge passages triage answers from, kept in step with the database. */
  passages: PassageLibrary;
}

export async function startWorker(services: Services, stops: StopStep[], options: WorkerOptions = {}): Promise<StartedWorker> {
  const { config, log } = services;
  const pack = await loadIntentPack(config.pipeline.intentsFile);
  const intents = new Map(pack.intents.map((i) => [i.name, i]));

  const model = await startLiveIntentModel({
    learning: services.learning,
    models: services.models,
    log,
    train: trainInThread,
    pack,
    debounceMs: config.pipeline.retrainDebounceSeconds * 1000,
    maxWaitMs: config.pipeline.retrainMaxWaitSeconds * 1000,
    onModel: (current) => services.pipelineMetrics.setClassifierVersion(current.version),
  });
  stops.push({ name: 'classifier retraining', stop: async () => model.close() });

  const answerModel = await startLiveAnswerModel({
    candidates: services.candidates,
    timing: { debounceMs: config.pipeline.retrainDebounceSeconds * 1000, maxWaitMs: config.pipeline.retrainMaxWaitSeconds * 1000 },
    targetPrecision: config.pipeline.autoResolveTargetPrecision,
    log,
  });
  stops.push({ name: 'answer-confidence refitting', stop: async () => answerModel.close() });

  const solutions = createSolutionIndex();
  const started = performance.now();
  solutions.load(await services.learning.listReusableSolutions());
  log.info({ solutions: solutions.size, ms: Math.round(performance.now() - started) }, 'similar-ticket index built');

  // A history import stored many solutions at once: read them all again (load adds or replaces).
  const reloadSolutions = () => {
    services.learning
      .listReusableSolutions()
      .then((all) => {
        solutions.load(all);
        log.info({ solutions: solutions.size }, 'similar-ticket index reloaded');
        model.scheduleRefresh();
      })
      .catch((err: unknown) => log.error({ err }, 'could not reload the similar-ticket index'));
  };

  // Subscribed before the worker starts, so no change made while it starts is missed.
  const subscription = await subscribeToSolutionChanges(services.workerRedis, config.redis.queuePrefix, (ticketId) => {
    if (ticketId === RELOAD_ALL_SOLUTIONS) return reloadSolutions();
    syncSolution(services.learning, solutions, ticketId)
      .then((result) => {
        log.info({ ticketId, result, solutions: solutions.size }, 'similar-ticket index updated');
        model.scheduleRefresh();
        answerModel.scheduleRefresh();
      })
      .catch((err: unknown) => log.error({ err, ticketId }, 'could not update the similar-ticket index'));
  });
  stops.push({ name: 'solution subscription', stop: () => subscription.close() });

  const knowledge = knowledgeDeps(services);
  const passages = await startPassageLibrary(services, knowledge.knowledge);
  stops.push({ name: 'passage subscription', stop: () => passages.close() });

  const worker = createTriageWorker({
    connection: services.workerRedis,
    prefix: config.redis.queuePrefix,
    concurrency: config.worker.concurrency,
    log,
    giveWay: options.giveWay,
    triage: {
      tickets: services.tickets,
      model: () => model.current(),
      solutions,
      intents: () => intents,
      answerModel: () => answerModel.current(),
      trackRecords: services.candidates,
      candidates: services.candidates,
      outcomes: services.outcomes,
      writer: createWriter(config, services.breakers, log),
      alerts: config.alerts ? services.alerts : undefined,
      grouper: createIncidentGrouper({ incidents: services.incidents, settings: config.incidents, log }),
      passages: passages.library,
      settings: triageSettings(config),
      autoResolveThreshold: cachedThreshold({
        settings: services.deploymentSettings,
        environment: config.pipeline.autoResolveThreshold,
        ttlMs: config.pipeline.settingsCacheSeconds * 1000,
        log,
      }),
      workspaces: services.workspaces,
      log,
    },
    onOutcome: (outcome, seconds) => {
      if (outcome.kind === 'decided') services.pipelineMetrics.recordTriage(outcome, seconds);
    },
  });
  void worker.run();
  // Waits for in-flight jobs. Without Redis they cannot finish, and BullMQ's graceful close then
  // never returns (not even once Redis is back), so close by force: unfinished jobs stall and rerun.
  stops.push({ name: 'worker', stop: () => worker.close(services.workerRedis.status !== 'ready') });

  if (config.alerts) startAlertWorker(services, config.alerts, stops);
  await startKnowledgeSync(services, knowledge, stops);

  const sweep = {
    tickets: services.tickets,
    queue: services.queue,
    log,
    undelivered: {
      posts: services.posts,
      outcomes: services.outcomes,
      graceMs: config.pipeline.undeliveredGraceSeconds * 1000,
      agentsChannel: async () =>
        Boolean(config.slack?.agentsChannel ?? config.discord?.agentsChannelId) ||
        (await services.workspaces.list()).some((w) => w.agentsChannelId !== null),
    },
  };
  await sweepOpenTickets(sweep, 0);
  const sweeper = startSweeper(sweep, {
    intervalMs: config.pipeline.sweepIntervalSeconds * 1000,
    graceMs: config.pipeline.openTicketGraceSeconds * 1000,
  });
  // Tickets stored while Redis was down were not enqueued: sweep as soon as it is back.
  const sweepOnReconnect = () => sweeper.sweepNow();
  services.redis.on('ready', sweepOnReconnect);
  stops.push({
    name: 'sweeper',
    stop: () => {
      services.redis.off('ready', sweepOnReconnect);
      return sweeper.stop();
    },
  });
  log.info(
    {
      concurrency: config.worker.concurrency,
      intents: intents.size,
      llm: config.llm ? config.llm.model : 'off',
      embeddings: config.embeddings ? config.embeddings.model : 'off',
      alerts: config.alerts?.format ?? 'off',
      passages: passages.library.size,
      knowledgeSyncMinutes: config.knowledgeSync.intervalMinutes || 'off',
    },
    'worker started',
  );
  return { passages: passages.library };
}

/** Posts urgent alerts in the payload format of the configured webhook. */
function startAlertWorker(services: Services, alerts: NonNullable<Config['alerts']>, stops: StopStep[]): void {
  const poster = createWebhookPoster(alerts.webhookUrl, outboundPolicy(services.breakers, services.config, 'alert_webhook'));
  const render = alerts.format === 'slack' ? slackAlertMessage : discordAlertMessage;
  const worker = createAlertWorker({
    connection: services.workerRedis,
    prefix: services.config.redis.queuePrefix,
    tickets: services.tickets,
    sender: { send: (alert) => poster.post(render(alert)) },
    log: services.log,
  });
  void worker.run();
  stops.push({ name: 'alert worker', stop: () => worker.close(services.workerRedis.status !== 'ready') });
}

/**
 * Schedules the re-sync of every knowledge source (one scheduler per deployment, upserted by every
 * worker; removed when the interval is 0) and runs the worker that performs it.
 */
async function startKnowledgeSync(services: Services, knowledge: ManageSourcesDeps, stops: StopStep[]): Promise<void> {
  const { config } = services;
  const queue = createKnowledgeSyncQueue(services.redis, config.redis.queuePrefix);
  stops.push({ name: 'knowledge sync queue', stop: () => queue.close() });
  await queue.schedule(config.knowledgeSync.intervalMinutes);
  if (config.knowledgeSync.intervalMinutes === 0) return;
  const worker = createKnowledgeSyncWorker({
    connection: services.workerRedis,
    prefix: config.redis.queuePrefix,
    knowledge,
    // After every scheduled run, changed or not, every worker compares its passages with the database.
    checkpoint: () => knowledge.notifier?.notify(EVERY_SOURCE) ?? Promise.resolve(),
    log: services.log,
  });
  void worker.run();
  stops.push({ name: 'knowledge sync worker', stop: () => worker.close(services.workerRedis.status !== 'ready') });
}
