import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../domain/errors.js';
import { createGuard } from './authenticate.js';
import type { HttpDeps } from './deps.js';
import { registerErrorHandling, sendFrameworkError } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { createBacklogGuard } from './backlog-guard.js';
import { registerOverloadGuard } from './overload-guard.js';
import { HTTP_SERVER_OPTIONS, registerProtocolChecks, sendClientError } from './protocol-errors.js';
import { registerUnstorableTextCheck } from './unstorable-text.js';
import { adminRoutes } from './routes/admin-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';
import { knowledgeRoutes } from './routes/knowledge-routes.js';
import { chatChannelRoutes } from './routes/chat-channel-routes.js';
import { chatWorkspaceRoutes } from './routes/chat-workspace-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { localControlRoutes } from './routes/local-control-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { feedbackRoutes } from './routes/feedback-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { ticketRoutes } from './routes/ticket-routes.js';
import { consolePlugin } from './console/console-plugin.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Typed as Fastify's logger so the instance keeps the default logger type its plugins expect.
    loggerInstance: deps.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: deps.config.http.bodyLimitBytes,
    trustProxy: deps.config.http.trustProxy,
    http: HTTP_SERVER_OPTIONS,
    clientErrorHandler: sendClientError,
    // A caller's X-Request-Id is kept when it is sane, so logs can be joined across services.
    frameworkErrors: sendFrameworkError,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Responses that finish after close() began end their connection, or a keep-alive socket that
  // turns idle only after the server closed its idle ones would hold shutdown until it times out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });

  // JSON only (anything else gets 415), and an empty JSON body is "no body"
  // (POST /tickets/:id/claim), not an error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (cause) {
      done(new AppError('invalid_json', { cause }), undefined);
    }
  });

  registerErrorHandling(app, deps.unavailableDependency);
  registerProtocolChecks(app);
  registerUnstorableTextCheck(app);
  await registerOverloadGuard(app, deps.config.http.maxEventLoopDelayMs);
  await registerOpenApi(app);

  const guard = createGuard(deps);
  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(authRoutes(deps, guard));
  const backlogGuard = createBacklogGuard(app, { maxBacklog: deps.config.http.maxTriageBacklog, readBacklog: () => deps.queue.backlog() });
  await app.register(ticketRoutes(deps, guard, backlogGuard));
  await app.register(feedbackRoutes(deps, guard));
  await app.register(adminRoutes(deps, guard));
  await app.register(settingsRoutes(deps, guard));
  await app.register(incidentRoutes(deps, guard));
  await app.register(knowledgeRoutes(deps, guard));
  await app.register(chatChannelRoutes(deps, guard));
  await app.register(chatWorkspaceRoutes(deps, guard));
  if (deps.controlToken) await app.register(localControlRoutes(deps, deps.controlToken));
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  // Encapsulated: its form parser, cookies and HTML errors stay under /console.
  await app.register(consolePlugin(deps), { prefix: '/console' });
  return app;
}
