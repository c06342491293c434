// Master incidents over the API: agents list them, resolve one (answering every linked ticket) and
// take out a ticket grouped by mistake.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIntentLabel } from '../../pipeline/learning/intent-label.js';
import { resolveIncident, unlinkFromIncident } from '../../pipeline/incidents/manage-incident.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { toIncidentView, ZErrorBody, ZIncidentView } from '../views.js';

const AGENTS = { roles: ['AGENT', 'ADMIN'] } as const;
const security = [{ bearer: [] }];

export function incidentRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  const maxChars = deps.config.tickets.maxMessageChars;
  return async (app) => {
    app.get(
      '/admin/incidents',
      {
        onRequest: guard(AGENTS),
        schema: {
          tags: ['incidents'],
          summary: 'Master incidents, newest first (agents and admins)',
          security,
          querystring: z.strictObject({
            status: z.enum(['OPEN', 'RESOLVED']).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: z.object({ items: z.array(ZIncidentView) }), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => ({ items: (await deps.incidents.list(request.query)).map(toIncidentView) }),
    );

    app.post(
      '/incidents/:id/resolve',
      {
        onRequest: guard(AGENTS),
        schema: {
          tags: ['incidents'],
          summary: 'Resolve the incident: every linked ticket still waiting is answered with the response, in its own conversation',
          security,
          params: z.object({ id: z.uuid() }),
          body: z.strictObject({
            response: z.string().trim().min(1).max(maxChars),
            intent: ZIntentLabel.optional(),
          }),
          response: {
            200: z.object({
              incident: ZIncidentView,
              resolved: z.number().int(),
              skipped: z.number().int().describe('Linked tickets another agent had claimed'),
            }),
            400: ZErrorBody,
            401: ZErrorBody,
            403: ZErrorBody,
            404: ZErrorBody,
            409: ZErrorBody,
          },
        },
      },
      async (request) => {
        const result = await resolveIncident(deps, actorOf(request), request.params.id, request.body);
        return { incident: toIncidentView(result.incident), resolved: result.resolved, skipped: result.skipped };
      },
    );

    app.post(
      '/incidents/:id/unlink/:ticketId',
      {
        onRequest: guard(AGENTS),
        schema: {
          tags: ['incidents'],
          summary: 'Take a ticket grouped by mistake out of the incident; it goes to agents on its own',
          security,
          params: z.object({ id: z.uuid(), ticketId: z.uuid() }),
          response: { 200: ZIncidentView, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => toIncidentView(await unlinkFromIncident(deps, actorOf(request), request.params.id, request.params.ticketId)),
    );
  };
}
