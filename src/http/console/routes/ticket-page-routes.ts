// A ticket's page: the conversation, the decision with its evidence, the audit trail, SLA timers,
// incident and feedback; and the agent's actions, through the use cases the API routes call (so chat
// delivery follows as it does for the API: the customer's thread gets the answer).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { canActAsAgent, type Ticket } from '../../../domain/ticket.js';
import { confirmSolution } from '../../../pipeline/learning/confirm-solution.js';
import { findVisibleTicket } from '../../../pipeline/tickets/find-visible-ticket.js';
import { releaseTicket } from '../../../pipeline/tickets/release-ticket.js';
import { resolveTicket } from '../../../pipeline/tickets/resolve-ticket.js';
import { actorOf } from '../../authenticate.js';
import type { HttpDeps } from '../../deps.js';
import { toSlaTimerView } from '../../views.js';
import { decisionEvidence } from '../decision-evidence.js';
import { renderPage } from '../render.js';

const ZTicketRef = z.object({ ref: z.string().regex(/^\d{1,9}$/, 'must be a ticket number') });
const DONE = {
  claimed: 'You claimed this ticket.',
  released: 'Released: the ticket is escalated again and offered to the next agent.',
  resolved: 'Resolved: the answer is on its way to the customer.',
  confirmed: 'The answer is confirmed and will be reused again.',
} as const;
const ZDone = z.object({
  done: z
    .enum(Object.keys(DONE) as [keyof typeof DONE])
    .optional()
    .catch(undefined),
});

export function ticketPageRoutes(deps: HttpDeps) {
  const maxChars = deps.config.tickets.maxMessageChars;
  const ZResolve = z.object({
    response: z.string().trim().min(1, 'The answer must not be empty.').max(maxChars, `The answer must be at most ${maxChars} characters.`),
    intent: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(100).optional()),
  });

  const after = (reply: FastifyReply, ticket: Ticket, done: keyof typeof DONE) =>
    reply.redirect(`/console/tickets/${ticket.number}?done=${done}`, 303);

  return async function ticketPages(app: FastifyInstance): Promise<void> {
    app.get('/tickets/:ref', { schema: { hide: true } }, async (request, reply) => {
      const { ref } = ZTicketRef.parse(request.params);
      const { done } = ZDone.parse(request.query);
      const actor = actorOf(request);
      const ticket = await findVisibleTicket(deps.tickets, actor, ref);
      const [requester, messages, events, stored, timers, incident, feedback, agents] = await Promise.all([
        deps.users.findById(ticket.requesterId),
        deps.messages.listForTicket(ticket.id),
        deps.tickets.listEvents(ticket.id),
        deps.console.inbox.candidatesOf(ticket.id),
        canActAsAgent(actor) ? deps.sla.listTimers(ticket.id) : Promise.resolve([]),
        ticket.incidentId ? deps.incidents.findById(ticket.incidentId) : Promise.resolve(null),
        deps.feedback.listForTicket(ticket.id),
        deps.assignments.listAgents(),
      ]);
      const people = new Map<string, string>(agents.map((a) => [a.id, a.displayName ?? a.email ?? a.id.slice(0, 8)]));
      if (requester) people.set(requester.id, requester.displayName ?? requester.email ?? 'the customer');
      const nameOf = (id: string | null) =>
        id === null ? null : actor.kind === 'user' && id === actor.userId ? 'You' : (people.get(id) ?? id.slice(0, 8));
      const evidence = decisionEvidence(events.find((e) => e.type === 'triaged')?.data, stored);
      const me = actor.kind === 'user' ? actor : null;
      const open = ticket.status === 'ESCALATED' || ticket.status === 'IN_PROGRESS';
      return renderPage(reply, 'ticket.eta', {
        title: `Ticket #${ticket.number}`,
        t: ticket,
        done: done ? DONE[done] : null,
        requesterName: nameOf(ticket.requesterId),
        assigneeName: nameOf(ticket.assigneeId),
        nameOf,
        messages,
        events,
        evidence,
        timers: timers.map(toSlaTimerView),
        incident,
        feedback,
        can: {
          claim: ticket.status === 'ESCALATED',
          release: ticket.status === 'IN_PROGRESS' && me !== null && (ticket.assigneeId === me.userId || me.role === 'ADMIN'),
          resolve: open && (ticket.status === 'ESCALATED' || ticket.assigneeId === me?.userId || me?.role === 'ADMIN'),
          confirm: ticket.solutionDemotedAt !== null && ticket.response !== null,
        },
        suggested: open ? (evidence?.suggestedReply ?? '') : '',
        maxChars,
      });
    });

    app.post('/tickets/:ref/release', { schema: { hide: true } }, async (request, reply) => {
      const { ref } = ZTicketRef.parse(request.params);
      const actor = actorOf(request);
      return after(reply, await releaseTicket(deps, actor, await findVisibleTicket(deps.tickets, actor, ref)), 'released');
    });

    app.post('/tickets/:ref/resolve', { schema: { hide: true } }, async (request, reply) => {
      const { ref } = ZTicketRef.parse(request.params);
      const actor = actorOf(request);
      const ticket = await findVisibleTicket(deps.tickets, actor, ref);
      const input = ZResolve.parse(request.body ?? {});
      return after(reply, await resolveTicket(deps, actor, ticket, input), 'resolved');
    });

    app.post('/tickets/:ref/solution/confirm', { schema: { hide: true } }, async (request, reply) => {
      const { ref } = ZTicketRef.parse(request.params);
      const actor = actorOf(request);
      return after(reply, await confirmSolution(deps, actor, await findVisibleTicket(deps.tickets, actor, ref)), 'confirmed');
    });
  };
}
