// Open and recent master incidents, and resolving one with the answer every waiting report gets —
// resolveIncident, as POST /incidents/:id/resolve.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { resolveIncident } from '../../../pipeline/incidents/manage-incident.js';
import { actorOf } from '../../authenticate.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';
import { resolveIncidentMessage } from '../tuning-messages.js';

const RECENT = 20;
const ZIncidentRef = z.object({ id: z.uuid('must be an incident’s id') });

export function tuningIncidentsRoutes(deps: HttpDeps) {
  const maxChars = deps.config.tickets.maxMessageChars;
  const ZResolve = z.object({
    response: z.string().trim().min(1, 'The answer must not be empty.').max(maxChars, `The answer must be at most ${maxChars} characters.`),
  });

  async function listPage(reply: FastifyReply, notice: string | null = null) {
    const [open, recent] = await Promise.all([
      deps.incidents.list({ status: 'OPEN', limit: 100 }),
      deps.incidents.list({ status: 'RESOLVED', limit: RECENT }),
    ]);
    return renderPage(reply, 'tuning-incidents.eta', { title: 'Incidents', section: 'tuning', tuning: 'incidents', open, recent, notice });
  }

  async function findIncident(id: string) {
    const incident = await deps.incidents.findById(id);
    if (!incident) throw new AppError('not_found', { message: 'No such incident.' });
    return incident;
  }

  return async function tuningIncidentsPages(app: FastifyInstance): Promise<void> {
    app.get('/tuning/incidents', { schema: { hide: true } }, async (_request, reply) => listPage(reply));

    app.get('/tuning/incidents/:id', { schema: { hide: true } }, async (request, reply) => {
      const incident = await findIncident(ZIncidentRef.parse(request.params).id);
      return renderPage(reply, 'tuning-incident.eta', {
        title: `Incident #${incident.number}`,
        section: 'tuning',
        tuning: 'incidents',
        incident,
        maxChars,
      });
    });

    app.post('/tuning/incidents/:id/resolve', { schema: { hide: true } }, async (request, reply) => {
      const { id } = ZIncidentRef.parse(request.params);
      const input = ZResolve.parse(request.body ?? {});
      const result = await resolveIncident(deps, actorOf(request), id, input);
      return listPage(reply, resolveIncidentMessage(result));
    });
  };
}
