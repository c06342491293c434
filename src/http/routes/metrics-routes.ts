import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { HttpDeps } from '../deps.js';
import { ZErrorBody } from '../views.js';

/** Constant-time comparison of equal-length digests, so the token cannot be guessed byte by byte. */
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

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
        if (token) {
          const header = request.headers.authorization ?? '';
          const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
          if (!sameSecret(given, token)) throw new AppError('unauthorized', { message: 'A valid metrics token is required.' });
        }
        void reply.header('content-type', deps.prometheus.contentType);
        return deps.prometheus.metrics();
      },
    );
  };
}
