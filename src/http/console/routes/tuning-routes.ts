// Tuning, for admins: the intents the classifier knows with their examples and thresholds. The
// same use case as GET /admin/intents; agents get the API's 403.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import { listIntents } from '../../../pipeline/learning/list-intents.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';

export const TUNING_PATH = '/tuning';

export function tuningRoutes(deps: HttpDeps) {
  return async function tuningPages(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request) => {
      if (request.consoleUser?.role !== 'ADMIN') throw new AppError('forbidden', { message: 'Tuning is for admins.' });
    });

    app.get(TUNING_PATH, { schema: { hide: true } }, async (_request, reply) => {
      const intents = await listIntents({ pack: deps.intentPack, labels: deps.learning });
      return renderPage(reply, 'tuning.eta', {
        title: 'Tuning',
        section: 'tuning',
        intents,
        globalThreshold: deps.config.pipeline.autoResolveThreshold,
      });
    });
  };
}
