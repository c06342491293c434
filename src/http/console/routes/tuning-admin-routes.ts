// The admins' half of the Tuning screen: knowledge sources, incidents, agents and API keys, each a
// page under /console/tuning/. Agents are refused here as the API refuses them on /admin/….
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import type { HttpDeps } from '../../deps.js';
import { tuningAgentsRoutes } from './tuning-agents-routes.js';
import { tuningApiKeysRoutes } from './tuning-api-keys-routes.js';
import { tuningIncidentsRoutes } from './tuning-incidents-routes.js';
import { tuningSourcesRoutes } from './tuning-sources-routes.js';

export function tuningAdminRoutes(deps: HttpDeps) {
  return async function tuningAdminPages(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request) => {
      if (request.consoleUser?.role !== 'ADMIN') throw new AppError('forbidden', { message: 'Only admins can tune Firstline.' });
    });
    await app.register(tuningSourcesRoutes(deps));
    await app.register(tuningIncidentsRoutes(deps));
    await app.register(tuningAgentsRoutes(deps));
    await app.register(tuningApiKeysRoutes(deps));
  };
}
