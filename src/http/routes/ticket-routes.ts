import type { onRequestAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canActAsAgent, PRIORITIES, TICKET_SOURCES, TICKET_STATUSES, type Actor } from '../../domain/ticket.js';
import { claimTicket } from '../../pipeline/tickets/claim-ticket.js';
import { closeTicket } from '../../pipeline/tickets/close-ticket.js';
import { confirmSolution } from '../../pipeline/learning/confirm-solution.js';
import { createTicket } from '../../pipeline/tickets/create-ticket.js';
import { findVisibleTicket } from '../../pipeline/tickets/find-visible-ticket.js';
import { ZIntentLabel } from '../../pipeline/learning/intent-label.js';
import { resolveApiRequester } from '../../pipeline/access/resolve-api-requester.js';
import { releaseTicket } from '../../pipeline/tickets/release-ticket.js';
import { resolveTicket } from '../../pipeline/tickets/resolve-ticket.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { toTicketEventView, toTicketPage, toTicketView, ZErrorBody, ZTicketEventView, ZTicketPage, ZTicketView } from '../views.js';

const AGENT_ROLES = ['AGENT', 'ADMIN'] as const;

export const ZTicketFilters = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  intent: z.string().min(1).max(100).optional(),
  source: z.enum(TICKET_SOURCES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a next_cursor value')
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const ZTicketParams = z.object({ id: z.string().min(1).max(64) });

const ZCustomer = z
  .strictObject({
    email: z.email().max(254).optional(),
    external_id: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((c) => c.email !== undefined || c.external_id !== undefined, { message: 'needs an email or an external_id' });

/** The listing scope each kind of caller gets. */
function scopeFor(actor: Actor): { requesterId?: string; apiKeyId?: string } {
  if (actor.kind === 'api_key') return { apiKeyId: actor.apiKeyId };
  if (actor.kind === 'user' && !canActAsAgent(actor)) return { requesterId: actor.userId };
  return {};
}

export function ticketRoutes(deps: HttpDeps, guard: Guard, backlogGuard: onRequestAsyncHookHandler): FastifyPluginAsyncZod {
  const maxChars = deps.config.tickets.maxMessageChars;
  const ZCreateTicket = z.strictObject({
    message: z.string().trim().min(1, 'must not be empty').max(maxChars, `must be at most ${maxChars} characters`),
    customer: ZCustomer.optional().describe('Integrations (API keys) only: the end customer the ticket is for'),
  });

  return async (app) => {
    app.post(
      '/tickets',
      {
        // The backlog first: refusing costs nothing then, where authenticating costs a database read.
        onRequest: [backlogGuard, guard({ apiKey: true })],
        schema: {
          tags: ['tickets'],
          summary: 'Open a ticket; the pipeline worker takes it from there',
          description: '`?wait=N` (at most 10 s) waits for the pipeline outcome and returns 200 with it when it arrives in time.',
          security: [{ bearer: [] }, { apiKey: [] }],
          body: ZCreateTicket,
          querystring: z.strictObject({ wait: z.coerce.number().min(0).max(10).optional() }),
          response: { 200: ZTicketView, 202: ZTicketView, 400: ZErrorBody, 401: ZErrorBody, 413: ZErrorBody, 503: ZErrorBody },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { message, customer } = request.body;
        const { requesterId, apiKeyId } = await resolveApiRequester(
          deps.users,
          actor,
          customer && { email: customer.email, externalId: customer.external_id, name: customer.name },
        );
        let ticket = await createTicket(
          { tickets: deps.tickets, queue: deps.queue, log: request.log },
          { source: 'API', requesterId, apiKeyId, message, actor },
        );
        let status: 200 | 202 = 202;
        const waitSeconds = request.query.wait ?? 0;
        if (waitSeconds > 0 && (await deps.queue.waitForOutcome(ticket.id, waitSeconds * 1000))) {
          ticket = (await deps.tickets.findById(ticket.id)) ?? ticket;
          status = 200;
        }
        return reply.status(status).header('location', `/tickets/${ticket.id}`).send(toTicketView(ticket));
      },
    );

    app.get(
      '/tickets',
      {
        onRequest: guard({ apiKey: true }),
        schema: {
          tags: ['tickets'],
          summary: 'List tickets, newest first: customers see their own, agents and admins all (with their SLA timers)',
          security: [{ bearer: [] }, { apiKey: [] }],
          querystring: ZTicketFilters,
          response: { 200: ZTicketPage, 400: ZErrorBody, 401: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const page = await deps.tickets.list({ ...request.query, ...scopeFor(actor) });
        return toTicketPage(page, canActAsAgent(actor) ? await deps.sla.listTimersOf(page.items.map((t) => t.id)) : undefined);
      },
    );

    app.get(
      '/tickets/:id',
      {
        onRequest: guard({ apiKey: true }),
        schema: {
          tags: ['tickets'],
          summary: 'One ticket, by id or number (someone else’s is 404); agents and admins also get its SLA timers',
          security: [{ bearer: [] }, { apiKey: [] }],
          params: ZTicketParams,
          response: { 200: ZTicketView, 401: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await findVisibleTicket(deps.tickets, actor, request.params.id);
        // SLA is the support team's business: the customer, and an integration acting for one, see none of it.
        return toTicketView(ticket, canActAsAgent(actor) ? await deps.sla.listTimers(ticket.id) : undefined);
      },
    );

    app.get(
      '/tickets/:id/events',
      {
        onRequest: guard({ roles: AGENT_ROLES }),
        schema: {
          tags: ['tickets'],
          summary: 'The ticket’s audit trail (agents and admins)',
          security: [{ bearer: [] }],
          params: ZTicketParams,
          response: { 200: z.object({ items: z.array(ZTicketEventView) }), 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const ticket = await findVisibleTicket(deps.tickets, actorOf(request), request.params.id);
        return { items: (await deps.tickets.listEvents(ticket.id)).map(toTicketEventView) };
      },
    );

    app.post(
      '/tickets/:id/claim',
      {
        onRequest: guard({ roles: AGENT_ROLES }),
        schema: {
          tags: ['tickets'],
          summary: 'Claim an escalated ticket; of concurrent claims exactly one wins, the others get 409',
          security: [{ bearer: [] }],
          params: ZTicketParams,
          response: { 200: ZTicketView, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await findVisibleTicket(deps.tickets, actor, request.params.id);
        return toTicketView(await claimTicket(deps, actor, ticket));
      },
    );

    app.post(
      '/tickets/:id/resolve',
      {
        onRequest: guard({ roles: AGENT_ROLES }),
        schema: {
          tags: ['tickets'],
          summary: 'Answer the customer and resolve the ticket',
          security: [{ bearer: [] }],
          params: ZTicketParams,
          body: z.strictObject({
            response: z.string().trim().min(1).max(maxChars),
            intent: ZIntentLabel.optional(),
          }),
          response: { 200: ZTicketView, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await findVisibleTicket(deps.tickets, actor, request.params.id);
        return toTicketView(await resolveTicket(deps, actor, ticket, request.body));
      },
    );

    app.post(
      '/tickets/:id/release',
      {
        onRequest: guard({ roles: AGENT_ROLES }),
        schema: {
          tags: ['tickets'],
          summary: 'Hand a claimed ticket back: it is escalated again, unassigned, and offered to the best available agent',
          security: [{ bearer: [] }],
          params: ZTicketParams,
          response: { 200: ZTicketView, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await findVisibleTicket(deps.tickets, actor, request.params.id);
        return toTicketView(await releaseTicket(deps, actor, ticket));
      },
    );

    app.post(
      '/tickets/:id/solution/confirm',
      {
        onRequest: guard({ roles: AGENT_ROLES }),
        schema: {
          tags: ['tickets'],
          summary: 'Vouch again for an answer demoted after "not helpful" feedback, so it is reused again',
          security: [{ bearer: [] }],
          params: ZTicketParams,
          response: { 200: ZTicketView, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await findVisibleTicket(deps.tickets, actor, request.params.id);
        return toTicketView(await confirmSolution(deps, actor, ticket));
      },
    );

    app.post(
      '/tickets/:id/close',
      {
        onRequest: guard({ apiKey: true }),
        schema: {
          tags: ['tickets'],
          summary: 'Close an answered ticket (its requester, or an agent)',
          security: [{ bearer: [] }, { apiKey: [] }],
          params: ZTicketParams,
          response: { 200: ZTicketView, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await findVisibleTicket(deps.tickets, actor, request.params.id);
        return toTicketView(await closeTicket(deps.tickets, actor, ticket));
      },
    );
  };
}
