// IncidentRepository in memory, behaving as src/infra/db/incident-repository.ts: attach() applies
// planIncident to the candidates as they stand (its body runs without a pause, which is the lock),
// and every link or unlink is a ticket event.
import { randomUUID } from 'node:crypto';
import type { IncidentRepository } from '../../src/domain/ports/incidents.js';
import { INCIDENT_OPEN_STATUSES, planIncident, type Incident, type IncidentSummary } from '../../src/domain/incident.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { copy, createMemoryStore, insertEvent, type MemoryStore } from './store.js';

const SHOWN_NUMBERS = 20;

export function createMemoryIncidentRepository(store: MemoryStore = createMemoryStore()): IncidentRepository {
  const ticketsOf = (incidentId: string): Ticket[] =>
    [...store.tickets.values()].filter((t) => t.incidentId === incidentId).sort((a, b) => a.number - b.number);

  const summarize = (incident: Incident): IncidentSummary => {
    const linked = ticketsOf(incident.id);
    return {
      ...copy(incident),
      ticketCount: linked.length,
      openTicketCount: linked.filter((t) => INCIDENT_OPEN_STATUSES.includes(t.status)).length,
      ticketNumbers: linked.slice(0, SHOWN_NUMBERS).map((t) => t.number),
    };
  };

  /** Links the tickets not in an incident yet; returns those it linked. */
  const link = (incident: Incident, ticketIds: string[]): string[] =>
    ticketIds.filter((ticketId) => {
      const ticket = store.tickets.get(ticketId);
      if (!ticket || ticket.incidentId !== null) return false;
      ticket.incidentId = incident.id;
      ticket.updatedAt = store.now();
      insertEvent(store, ticketId, {
        type: 'incident_linked',
        actor: { kind: 'system' },
        data: { incidentId: incident.id, incidentNumber: incident.number },
      });
      return true;
    });

  return {
    async attach(input) {
      const candidates = input.candidates.flatMap(({ id, recent }) => {
        const t = store.tickets.get(id);
        if (!t) return [];
        const incidentStatus = t.incidentId ? (store.incidents.get(t.incidentId)?.status ?? null) : null;
        return [{ id, recent, status: t.status, incidentId: t.incidentId, incidentStatus }];
      });
      const plan = planIncident(candidates, input);
      if (plan.kind === 'none') return { kind: 'none' };
      if (plan.kind === 'join') {
        const incident = store.incidents.get(plan.incidentId)!;
        return { kind: 'joined', incident: copy(incident), linkedTicketIds: link(incident, [input.ticketId, ...plan.ticketIds]) };
      }
      // Oldest report first: its words name the incident.
      const reports = [...plan.ticketIds, input.ticketId].flatMap((id) => store.tickets.get(id) ?? []).sort((a, b) => a.number - b.number);
      const incident: Incident = {
        id: randomUUID(),
        number: store.next('incident'),
        status: 'OPEN',
        title: reports[0]!.message,
        intent: input.intent,
        response: null,
        resolvedById: null,
        chatPlatform: null,
        chatChannelId: null,
        chatMessageId: null,
        createdAt: store.now(),
        resolvedAt: null,
      };
      store.incidents.set(incident.id, incident);
      const linkedTicketIds = link(
        incident,
        reports.map((r) => r.id),
      );
      return { kind: 'opened', incident: copy(incident), linkedTicketIds };
    },

    async findById(id) {
      const incident = store.incidents.get(id);
      return incident ? summarize(incident) : null;
    },

    list: async (query) =>
      [...store.incidents.values()]
        .filter((i) => !query.status || i.status === query.status)
        .sort((a, b) => b.number - a.number)
        .slice(0, query.limit)
        .map(summarize),

    async markResolved(id, patch) {
      const incident = store.incidents.get(id);
      if (!incident || incident.status !== 'OPEN') return null;
      Object.assign(incident, { status: 'RESOLVED', ...patch, resolvedAt: store.now() });
      return copy(incident);
    },

    async unlink(incidentId, ticketId, actorId) {
      const ticket = store.tickets.get(ticketId);
      if (!ticket || ticket.incidentId !== incidentId) return false;
      ticket.incidentId = null;
      ticket.updatedAt = store.now();
      insertEvent(store, ticketId, {
        type: 'incident_unlinked',
        actor: { kind: 'user', userId: actorId, role: 'AGENT' },
        data: { incidentId },
      });
      return true;
    },

    listOpenTicketIds: async (incidentId) =>
      ticketsOf(incidentId)
        .filter((t) => INCIDENT_OPEN_STATUSES.includes(t.status))
        .map((t) => t.id),

    async recordPost(id, post) {
      const incident = store.incidents.get(id);
      if (!incident || incident.chatMessageId !== null) return;
      Object.assign(incident, { chatPlatform: post.platform, chatChannelId: post.channelId, chatMessageId: post.messageId });
    },

    firstTicketAt: async () => {
      const times = [...store.tickets.values()].map((t) => new Date(t.createdAt).getTime());
      return times.length === 0 ? null : new Date(Math.min(...times));
    },
    listChangedSince: async (since, windowStart) =>
      [...store.tickets.values()]
        .filter((t) => t.updatedAt > since && t.createdAt >= windowStart)
        .map((t) => ({
          id: t.id,
          message: t.message,
          requesterId: t.requesterId,
          status: t.status,
          incidentId: t.incidentId,
          createdAt: new Date(t.createdAt),
          updatedAt: new Date(t.updatedAt),
        })),
  };
}
