import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { HttpDeps } from '../deps.js';
import { ZErrorBody } from '../views.js';

const ZChecks = z.record(z.string(), z.enum(['ok', 'down']));
const ZBreakers = z
  .record(z.string(), z.enum(['closed', 'half_open', 'open']))
  .describe(
    'Circuit breaker of each outbound dependency in use (llm, slack, discord, alert_webhook, embeddings). An open one degrades that dependency only: /health stays 200.',
  );

export function healthRoutes(deps: HttpDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          summary: 'Liveness plus database and Redis checks (503 names what is down), and the outbound circuit breakers',
          response: { 200: z.object({ status: z.literal('ok'), checks: ZChecks, breakers: ZBreakers }), 503: ZErrorBody },
        },
      },
      async () => {
        const results = await Promise.all(
          deps.healthChecks.map(async (c) => {
            try {
              await c.check();
              return [c.name, 'ok'] as const;
            } catch (err) {
              deps.log.warn({ err, dependency: c.name }, 'health check failed');
              return [c.name, 'down'] as const;
            }
          }),
        );
        const checks = Object.fromEntries(results);
        const breakers = deps.breakers.states();
        const down = results.filter(([, state]) => state === 'down').map(([name]) => name);
        if (down.length > 0) {
          throw new AppError('unavailable', { message: `Unavailable: ${down.join(', ')}.`, details: { down, checks, breakers } });
        }
        return { status: 'ok' as const, checks, breakers };
      },
    );
  };
}
