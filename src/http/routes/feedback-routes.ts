import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findVisibleTicket } from '../../pipeline/tickets/find-visible-ticket.js';
import { recordFeedback } from '../../pipeline/tickets/record-feedback.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { toFeedbackView, ZErrorBody, ZFeedbackView } from '../views.js';

export function feedbackRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/feedback',
      {
        onRequest: guard({ apiKey: true }),
        schema: {
          tags: ['feedback'],
          summary: 'Rate the answer to your ticket (a second rating replaces the first)',
          description:
            'The requester rates the answer with their own token. An integration rates it for its customer with its API key ' +
            '(`X-Api-Key` or `Authorization: Bearer fl_…`), only on the tickets that key opened: the rating is recorded as the ' +
            'customer’s, with the same effects (“not helpful” on an automatic answer hands the ticket to a person). ' +
            'Any other ticket is 404, like one that does not exist.',
          security: [{ bearer: [] }, { apiKey: [] }],
          body: z.strictObject({
            ticket_id: z.uuid(),
            helpful: z.boolean(),
            rating: z.number().int().min(1).max(5).optional(),
            comment: z.string().trim().max(2000).optional(),
          }),
          response: { 200: ZFeedbackView, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { ticket_id, ...input } = request.body;
        const ticket = await findVisibleTicket(deps.tickets, actor, ticket_id);
        return toFeedbackView(await recordFeedback(deps, actor, ticket, input));
      },
    );

    app.get(
      '/feedback/:ticketId',
      {
        onRequest: guard(),
        schema: {
          tags: ['feedback'],
          summary: 'Feedback on a ticket you can see',
          security: [{ bearer: [] }],
          params: z.object({ ticketId: z.string().min(1).max(64) }),
          response: { 200: z.object({ items: z.array(ZFeedbackView) }), 401: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const ticket = await findVisibleTicket(deps.tickets, actorOf(request), request.params.ticketId);
        return { items: (await deps.feedback.listForTicket(ticket.id)).map(toFeedbackView) };
      },
    );
  };
}
