import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { mayReadMetrics } from '../../domain/metrics-token.js';
import type { HttpDeps } from '../deps.js';
import { ZErrorBody } from '../views.js';

export function metricsRoutes(deps: HttpDeps): FastifyPluginAsyncZod {
  const token = deps.config.metricsToken;
  return async (app) => {
    app.get(
      '/metrics',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          summary: 'Prometheus metrics (Bearer METRICS_TOKEN when one is configured)',
          ...(token ? { security: [{ bearer: [] }] } : {}),
          response: { 200: z.string(), 401: ZErrorBody },
        },
      },
      async (request, reply) => {
        if (!mayReadMetrics(request.headers.authorization, token)) {
          throw new AppError('unauthorized', { message: 'A valid metrics token is required.' });
        }
        void reply.header('content-type', deps.prometheus.contentType);
        return deps.prometheus.metrics();
      },
    );
  };
}
