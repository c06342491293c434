// The inbox: tickets newest first with filters, paginated on the server (keyset on the number, as
// GET /tickets), counts per status refreshed by htmx, and claiming from the list (the row is swapped
// in place; without JavaScript the form posts and the ticket's page follows).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PRIORITIES, TICKET_SOURCES, TICKET_STATUSES, type Ticket } from '../../../domain/ticket.js';
import { INBOX_SLA_STATES, INBOX_SORTS, type InboxCursor, type InboxQuery } from '../../../domain/ports/console.js';
import type { User } from '../../../domain/user.js';
import { claimTicket } from '../../../pipeline/tickets/claim-ticket.js';
import { findVisibleTicket } from '../../../pipeline/tickets/find-visible-ticket.js';
import { actorOf } from '../../authenticate.js';
import type { HttpDeps } from '../../deps.js';
import { isHtmx } from '../console-guard.js';
import { renderFragment, renderPage } from '../render.js';

const PAGE_SIZE = 25;

/** An empty form field means "any". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const ZInboxFilters = z.object({
  status: optional(z.enum(TICKET_STATUSES)),
  source: optional(z.enum(TICKET_SOURCES)),
  intent: optional(z.string().trim().max(100)),
  priority: optional(z.enum(PRIORITIES)),
  assignee: optional(z.union([z.enum(['me', 'unassigned']), z.uuid()])),
  workspace: optional(z.string().trim().max(100)),
  q: optional(z.string().trim().max(200)),
  sla: optional(z.enum(INBOX_SLA_STATES)),
  sort: optional(z.enum(INBOX_SORTS)),
  cursor: optional(z.string().regex(/^(?:P[1-4]-)?\d{1,9}$/, 'must be a page link’s cursor')),
});
export type InboxFilters = z.infer<typeof ZInboxFilters>;

const ZTicketRef = z.object({ ref: z.string().regex(/^\d{1,9}$/, 'must be a ticket number') });

/** The assignee filter as a query: "me" is the signed-in agent, "unassigned" is no one. */
function assigneeOf(assignee: InboxFilters['assignee'], me: string): string | null | undefined {
  if (assignee === 'me') return me;
  if (assignee === 'unassigned') return null;
  return assignee;
}

/** A page link's cursor: "1234", or "P2-1234" when sorted by priority. */
function cursorOf(text: string | undefined): InboxCursor | undefined {
  if (text === undefined) return undefined;
  const [, label, number] = /^(?:(P[1-4])-)?(\d+)$/.exec(text) ?? [];
  const priority = PRIORITIES.find((p) => p === label);
  return { number: Number(number), ...(priority ? { priority } : {}) };
}

function inboxQuery(filters: InboxFilters, me: string): Omit<InboxQuery, 'limit'> {
  const assigneeId = assigneeOf(filters.assignee, me);
  return {
    status: filters.status,
    source: filters.source,
    intent: filters.intent,
    priority: filters.priority,
    assigneeId,
    workspaceId: filters.workspace,
    text: filters.q,
    sla: filters.sla,
    sort: filters.sort,
    cursor: cursorOf(filters.cursor),
  };
}

type Agent = Pick<User, 'id' | 'email' | 'displayName'>;

/** Who a ticket's assignee is, as the inbox shows it. */
function assigneeNames(agents: readonly Agent[], me: string): (ticket: Ticket) => string {
  const names = new Map(agents.map((a) => [a.id, a.displayName ?? a.email ?? a.id.slice(0, 8)]));
  return (ticket) => {
    if (!ticket.assigneeId) return 'Unassigned';
    if (ticket.assigneeId === me) return 'You';
    return names.get(ticket.assigneeId) ?? ticket.assigneeId.slice(0, 8);
  };
}

export function inboxRoutes(deps: HttpDeps) {
  const { inbox } = deps.console;

  async function counts(request: FastifyRequest, filters: InboxFilters) {
    const { status: _status, cursor: _cursor, ...rest } = inboxQuery(filters, request.consoleUser!.id);
    return inbox.countByStatus(rest);
  }

  return async function inboxPages(app: FastifyInstance): Promise<void> {
    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const filters = ZInboxFilters.parse(request.query);
      const me = request.consoleUser!.id;
      const [page, statusCounts, agents, workspaces] = await Promise.all([
        inbox.list({ ...inboxQuery(filters, me), limit: PAGE_SIZE }),
        counts(request, filters),
        deps.assignments.listAgents(),
        inbox.workspaces(),
      ]);
      return renderPage(reply, 'inbox.eta', {
        title: 'Inbox',
        section: 'inbox',
        filters,
        page,
        counts: statusCounts,
        agents,
        workspaces,
        assignee: assigneeNames(agents, me),
        statuses: TICKET_STATUSES,
        sources: TICKET_SOURCES,
        priorities: PRIORITIES,
      });
    });

    app.get('/inbox/counts', { schema: { hide: true } }, async (request, reply) => {
      const filters = ZInboxFilters.parse(request.query);
      return renderFragment(reply, 'partials/status-counts.eta', {
        filters,
        counts: await counts(request, filters),
        statuses: TICKET_STATUSES,
      });
    });

    app.post('/tickets/:ref/claim', { schema: { hide: true } }, async (request, reply) => {
      const { ref } = ZTicketRef.parse(request.params);
      const actor = actorOf(request);
      const ticket = await findVisibleTicket(deps.tickets, actor, ref);
      const claimed = await claimTicket(deps, actor, ticket);
      if (!isHtmx(request)) return reply.redirect(`/console/tickets/${claimed.number}?done=claimed`, 303);
      const agents = await deps.assignments.listAgents();
      return renderFragment(reply, 'partials/inbox-row.eta', {
        t: claimed,
        assignee: assigneeNames(agents, actor.kind === 'user' ? actor.userId : ''),
        announce: `Ticket #${claimed.number} claimed.`,
      });
    });
  };
}
