// Starts the requested roles on shared services and stops everything in reverse order.
import { knowledgeDeps } from './knowledge-deps.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { buildHttpServer } from '../http/server.js';
import { unavailableDependency } from '../infra/dependency-faults.js';
import { createKnowledgeGapsRepository } from '../infra/db/knowledge-gaps-repository.js';
import { createTicketInbox } from '../infra/db/ticket-inbox.js';
import { createRedisSessionStore } from '../infra/session/redis-session-store.js';
import { createLoopLagGate } from '../infra/event-loop-lag.js';
import { newControlToken, writeControlFile } from './local-control.js';
import { startMetricsListener } from '../infra/metrics/metrics-listener.js';
import { registerSlaGauges } from '../infra/metrics/sla-gauges.js';
import { createLoginLimiter } from '../infra/auth/login-limiter.js';
import { createPasswordHasher } from '../infra/auth/password-hasher.js';
import { createTokenService } from '../infra/auth/token-service.js';
import { loadIntentPack } from '../intents/intent-pack.js';
import { bootstrapAdmin } from './bootstrap-admin.js';
import { consoleSessionSecret, resolveJwtSecret } from './jwt-secret.js';
import { openServices, type Services } from './services.js';
import { startChat } from './start-chat.js';
import { startWorker, type StopStep } from './start-worker.js';

export type RoleName = 'api' | 'worker';

type Stop = StopStep;

export interface RunningFirstline {
  services: Services;
  /** The HTTP server, when the api role runs. */
  http: FastifyInstance | undefined;
  /** Where the API listens, e.g. http://127.0.0.1:3000 (or, in a worker-only process, its metrics listener). */
  url: string | undefined;
  stop(): Promise<void>;
}

/** Mean event-loop delay (10 ms timer resolution included) past which the worker waits before a job. */
const WORKER_GIVES_WAY_AT_LAG_MS = 50;
/** It waits at most this long per job, so it never stops deciding. */
const WORKER_MAX_WAIT_PER_JOB_MS = 500;

export async function startFirstline(config: Readonly<Config>, log: Logger, roles: readonly RoleName[]): Promise<RunningFirstline> {
  const services = await openServices(config, log);
  registerSlaGauges(services.pipelineMetrics.registry, services.sla);
  const stops: Stop[] = [{ name: 'database, queue and Redis', stop: () => services.close() }];
  let http: FastifyInstance | undefined;
  let url: string | undefined;
  try {
    const hasher = createPasswordHasher(config.auth.bcryptRounds);
    await bootstrapAdmin({ users: services.users, hasher, log }, config.auth.bootstrapAdmin);

    if (roles.includes('worker')) {
      // Sharing the process with the API, the worker gives way while the event loop runs late.
      const gate = roles.includes('api') ? createLoopLagGate(WORKER_GIVES_WAY_AT_LAG_MS) : undefined;
      if (gate) stops.push({ name: 'event-loop gate', stop: async () => gate.close() });
      await startWorker(services, stops, { giveWay: gate && (() => gate.whenOnTime(WORKER_MAX_WAIT_PER_JOB_MS)) });
    }

    if (!roles.includes('api') && config.metricsPort !== undefined) {
      const listener = await startMetricsListener(services.pipelineMetrics.registry, {
        host: config.http.host,
        port: config.metricsPort,
        token: config.metricsToken,
      });
      stops.push({ name: 'metrics listener', stop: () => listener.close() });
      url = listener.url;
      log.info({ url: `${listener.url}/metrics` }, 'metrics listening');
    }

    if (roles.includes('api')) {
      const { registry } = services.pipelineMetrics;
      // Read once for the API role: agents are offered its intents in chat, admins list them over HTTP.
      const intentPack = await loadIntentPack(config.pipeline.intentsFile);
      const chat = await startChat(services, stops, intentPack);
      // With the embedded database no other process can open it: the CLI asks this one instead.
      const embedded = services.db.target.kind === 'embedded';
      const controlToken = embedded ? newControlToken() : undefined;
      const jwtSecret = resolveJwtSecret(config);
      http = await buildHttpServer({
        ...services,
        intentPack,
        prometheus: { contentType: registry.contentType, metrics: () => registry.metrics() },
        hasher,
        tokens: createTokenService({
          secret: jwtSecret,
          issuer: config.auth.jwtIssuer,
          audience: config.auth.jwtAudience,
          ttlSeconds: config.auth.jwtTtlSeconds,
        }),
        loginLimiter: createLoginLimiter(services.redis, { prefix: config.redis.queuePrefix, ...config.auth.login }, log),
        plugins: chat.httpPlugins,
        offers: chat.offers,
        unavailableDependency,
        controlToken,
        knowledge: knowledgeDeps(services),
        knowledgeGaps: createKnowledgeGapsRepository(services.db),
        console: {
          inbox: createTicketInbox(services.db),
          sessions: createRedisSessionStore(services.redis, config.redis.queuePrefix),
          secret: consoleSessionSecret(jwtSecret),
        },
      });
      url = await http.listen({ host: config.http.host, port: config.http.port });
      if (controlToken) {
        const removeControlFile = writeControlFile(config.database.dataDir, { url, token: controlToken });
        stops.push({ name: 'control file', stop: async () => removeControlFile() });
      }
      const server = http;
      stops.push({ name: 'http', stop: () => server.close() });
      // Runs first on stop: requests waiting for an outcome (?wait) answer at once instead of
      // holding the HTTP server open for up to 10 s.
      stops.push({ name: 'outcome waits', stop: async () => services.queue.endWaits() });
      log.info({ url, docs: `${url}/docs` }, 'API listening');
      await chat.connect();
    }
  } catch (err) {
    await stopAll(stops, log);
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    services,
    http,
    url,
    stop: () => (stopping ??= stopAll(stops, log)),
  };
}

/** Stops in reverse order of start: HTTP, then the worker, then queues, Redis and the database. */
async function stopAll(stops: Stop[], log: Logger): Promise<void> {
  for (const { name, stop } of [...stops].reverse()) {
    const started = performance.now();
    try {
      await stop();
      log.debug({ step: name, ms: Math.round(performance.now() - started) }, 'stopped');
    } catch (err) {
      log.error({ err, step: name }, 'error while stopping');
    }
  }
}
