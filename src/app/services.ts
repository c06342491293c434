// Builds every shared dependency once, and closes them in reverse order.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { ApiKeyRepository, UserRepository } from '../domain/ports/access.js';
import type { FeedbackRepository, TicketRepository } from '../domain/ports/tickets.js';
import type { HealthCheck } from '../domain/ports/health.js';
import type { MetricsRepository } from '../domain/ports/metrics.js';
import { createApiKeyRepository } from '../infra/db/api-key-repository.js';
import { openDatabase, resolveDatabaseTarget, type Database } from '../infra/db/database.js';
import { createFeedbackRepository } from '../infra/db/feedback-repository.js';
import { createMetricsRepository } from '../infra/db/metrics-repository.js';
import { createTicketRepository } from '../infra/db/ticket-repository.js';
import { createUserRepository } from '../infra/db/user-repository.js';
import { assertRedisReachable, createFailFastRedis, createRedis, pingRedis, redactUrl } from '../infra/queue/redis.js';
import { createTriageQueue, type BullTriageQueue } from '../infra/queue/triage-queue.js';
import type {
  AgentLabelStats,
  LearningRepository,
  ModelRepository,
  SolutionChangeNotifier,
  CandidateRepository,
  TrackRecords,
} from '../domain/ports/learning.js';
import { createLearningRepository } from '../infra/db/learning-repository.js';
import { createCandidateRepository } from '../infra/db/candidate-repository.js';
import { createModelRepository } from '../infra/db/model-repository.js';
import { createPipelineMetrics, type PipelineMetrics } from '../infra/metrics/prometheus.js';
import { createOutcomeQueue, type BullOutcomeQueue } from '../infra/queue/outcome-queue.js';
import { createSolutionChangeNotifier } from '../infra/queue/solution-changes.js';
import type {
  ChatPostRepository,
  EventDeduper,
  MessageRepository,
  SupportChannelRepository,
  UndeliveredChanges,
} from '../domain/ports/chat.js';
import { createChatPostRepository } from '../infra/db/chat-post-repository.js';
import { createIncidentRepository } from '../infra/db/incident-repository.js';
import { createAssignmentRepository } from '../infra/db/assignment-repository.js';
import type { AssignmentRepository } from '../domain/assignment.js';
import type { IncidentRepository } from '../domain/ports/incidents.js';
import { createMessageRepository } from '../infra/db/message-repository.js';
import { createSupportChannelRepository } from '../infra/db/support-channel-repository.js';
import { createInstallationRepository, createWorkspaceSettingsRepository } from '../infra/db/workspace-repository.js';
import { createDeploymentSettingsRepository } from '../infra/db/deployment-settings-repository.js';
import type { DeploymentSettingsRepository } from '../domain/ports/settings.js';
import { createSecretBox } from '../infra/secrets/secret-box.js';
import type { InstallationRepository, WorkspaceSettingsRepository } from '../domain/ports/workspaces.js';
import { createDeliveryQueue, type BullDeliveryQueue } from '../infra/queue/delivery-queue.js';
import { createEventDeduper } from '../infra/queue/event-deduper.js';
import { createAlertQueue, type BullAlertQueue } from '../infra/queue/alert-queue.js';
import { createBreakerBoard, type BreakerBoard } from '../infra/resilience/outbound-policy.js';
import { createSlaQueue, type BullSlaQueue } from '../infra/queue/sla-queue.js';
import { createSlaRepository } from '../infra/db/sla-repository.js';
import type { SlaRepository } from '../domain/ports/sla.js';
import { slaSettings, type SlaSettings } from '../sla/sla-settings.js';

export interface Services {
  config: Readonly<Config>;
  log: Logger;
  db: Database;
  /** Fails fast while Redis is down: for everything a request does (see createFailFastRedis). */
  redis: Redis;
  /** Waits for Redis to come back: for BullMQ workers and subscriptions. */
  workerRedis: Redis;
  queue: BullTriageQueue;
  outcomes: BullOutcomeQueue;
  /** Outbound chat messages. */
  deliveries: BullDeliveryQueue;
  /** Urgent-ticket alerts for the webhook. */
  alerts: BullAlertQueue;
  /** SLA timers, their policies and their delayed checks. */
  sla: SlaRepository;
  slaSettings: SlaSettings;
  slaScheduler: BullSlaQueue;
  posts: ChatPostRepository & UndeliveredChanges;
  incidents: IncidentRepository;
  assignments: AssignmentRepository;
  messages: MessageRepository;
  supportChannels: SupportChannelRepository;
  workspaces: WorkspaceSettingsRepository;
  /** Settings admins change at run time (the auto-resolve threshold), with their changes. */
  deploymentSettings: DeploymentSettingsRepository;
  /** OAuth installations with their sealed tokens; absent without SECRETS_KEY (nothing may be sealed). */
  installations: InstallationRepository | undefined;
  deduper: EventDeduper;
  solutionChanges: SolutionChangeNotifier;
  learning: LearningRepository & AgentLabelStats;
  models: ModelRepository;
  /** Candidate replies with their evidence, their track records and their outcomes. */
  candidates: CandidateRepository & TrackRecords;
  pipelineMetrics: PipelineMetrics;
  tickets: TicketRepository;
  users: UserRepository;
  feedback: FeedbackRepository;
  apiKeys: ApiKeyRepository;
  metrics: MetricsRepository;
  healthChecks: HealthCheck[];
  /** The circuit breakers of the LLM, Slack, Discord and the alert webhook (those in use). */
  breakers: BreakerBoard;
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function openServices(config: Readonly<Config>, log: Logger): Promise<Services> {
  await assertRedisReachable(config.redis.url);
  const target = resolveDatabaseTarget(config.database.url, config.database.dataDir);
  const started = performance.now();
  const db = await openDatabase(target, { migrate: true });
  log.info(
    {
      database: target.kind === 'postgres' ? redactUrl(target.url) : target.dataDir,
      kind: target.kind,
      appliedMigrations: db.applied,
      ms: Math.round(performance.now() - started),
    },
    'database ready',
  );

  // Two connections: requests must never wait on Redis, workers must ride out its restarts.
  const redis = createFailFastRedis(config.redis.url);
  const workerRedis = createRedis(config.redis.url);
  redis.on('error', (err) => log.warn({ err }, 'redis connection error'));
  workerRedis.on('error', () => undefined); // the request connection already reports Redis problems
  await Promise.all([redis.connect(), workerRedis.connect()]);
  const queue = createTriageQueue(redis, config.redis.queuePrefix);
  const outcomes = createOutcomeQueue(redis, config.redis.queuePrefix);
  const deliveries = createDeliveryQueue(redis, config.redis.queuePrefix, config.deliveryAttempts);
  const breakers = createBreakerBoard(log);
  const alerts = createAlertQueue(redis, config.redis.queuePrefix);
  const slaScheduler = createSlaQueue(redis, config.redis.queuePrefix);

  return {
    config,
    log,
    db,
    redis,
    workerRedis,
    queue,
    outcomes,
    deliveries,
    alerts,
    sla: createSlaRepository(db.prisma),
    slaSettings: slaSettings(config.sla.config),
    slaScheduler,
    posts: createChatPostRepository(db),
    incidents: createIncidentRepository(db.prisma),
    assignments: createAssignmentRepository(db.prisma),
    messages: createMessageRepository(db.prisma),
    supportChannels: createSupportChannelRepository(db.prisma),
    workspaces: createWorkspaceSettingsRepository(db.prisma),
    deploymentSettings: createDeploymentSettingsRepository(db.prisma),
    installations: config.secretsKey ? createInstallationRepository(db.prisma, createSecretBox(config.secretsKey)) : undefined,
    deduper: createEventDeduper(redis, config.redis.queuePrefix),
    solutionChanges: createSolutionChangeNotifier(redis, config.redis.queuePrefix),
    learning: createLearningRepository(db.prisma),
    models: createModelRepository(db.prisma),
    candidates: createCandidateRepository(db),
    pipelineMetrics: createPipelineMetrics(
      { triage: queue.queue, outcomes: outcomes.queue, deliveries: deliveries.queue, alerts: alerts.queue },
      breakers,
    ),
    breakers,
    tickets: createTicketRepository(db),
    users: createUserRepository(db),
    feedback: createFeedbackRepository(db.prisma),
    apiKeys: createApiKeyRepository(db.prisma),
    metrics: createMetricsRepository(db.prisma),
    healthChecks: [
      { name: 'database', check: () => withTimeout(db.prisma.$queryRaw`SELECT 1`, HEALTH_TIMEOUT_MS).then(() => undefined) },
      { name: 'redis', check: () => pingRedis(redis, HEALTH_TIMEOUT_MS) },
    ],
    async close() {
      await queue.close().catch((err: unknown) => log.warn({ err }, 'closing the queue failed'));
      await outcomes.close().catch((err: unknown) => log.warn({ err }, 'closing the outcome queue failed'));
      await deliveries.close().catch((err: unknown) => log.warn({ err }, 'closing the delivery queue failed'));
      await alerts.close().catch((err: unknown) => log.warn({ err }, 'closing the alert queue failed'));
      await slaScheduler.close().catch((err: unknown) => log.warn({ err }, 'closing the SLA queue failed'));
      redis.disconnect();
      workerRedis.disconnect();
      await db.close();
    },
  };
}
