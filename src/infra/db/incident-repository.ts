// Master incidents in PostgreSQL. attach() runs under a transaction-scoped advisory lock, so the
// grouping decision and its writes see every other worker's finished grouping.
import type { IncidentRepository } from '../../domain/ports/incidents.js';
import { INCIDENT_OPEN_STATUSES, planIncident, type Incident, type IncidentSummary } from '../../domain/incident.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

/**
 * One lock for all grouping: it is brief (a few rows read and written), and only reports in a burst
 * or escalations that match an incident take it.
 */
const GROUPING_LOCK = 7_412_001;
const SHOWN_NUMBERS = 20;

type Tx = Prisma.TransactionClient;

async function summarize(prisma: PrismaClient, incidents: Incident[]): Promise<IncidentSummary[]> {
  if (incidents.length === 0) return [];
  const ids = incidents.map((i) => i.id);
  const [totals, open, linked] = await Promise.all([
    prisma.ticket.groupBy({ by: ['incidentId'], where: { incidentId: { in: ids } }, _count: { _all: true } }),
    prisma.ticket.groupBy({
      by: ['incidentId'],
      where: { incidentId: { in: ids }, status: { in: [...INCIDENT_OPEN_STATUSES] } },
      _count: { _all: true },
    }),
    prisma.ticket.findMany({ where: { incidentId: { in: ids } }, orderBy: { number: 'asc' }, select: { incidentId: true, number: true } }),
  ]);
  const count = (rows: typeof totals, id: string) => rows.find((r) => r.incidentId === id)?._count._all ?? 0;
  return incidents.map((incident) => ({
    ...incident,
    ticketCount: count(totals, incident.id),
    openTicketCount: count(open, incident.id),
    ticketNumbers: linked
      .filter((t) => t.incidentId === incident.id)
      .slice(0, SHOWN_NUMBERS)
      .map((t) => t.number),
  }));
}

async function link(tx: Tx, incident: Incident, ticketIds: string[]): Promise<string[]> {
  const linked: string[] = [];
  for (const ticketId of ticketIds) {
    const { count } = await tx.ticket.updateMany({ where: { id: ticketId, incidentId: null }, data: { incidentId: incident.id } });
    if (count === 0) continue;
    linked.push(ticketId);
    await tx.ticketEvent.create({
      data: { ticketId, type: 'incident_linked', actorType: 'SYSTEM', data: { incidentId: incident.id, incidentNumber: incident.number } },
    });
  }
  return linked;
}

export function createIncidentRepository(prisma: PrismaClient): IncidentRepository {
  return {
    attach(input) {
      return prisma.$transaction(async (tx) => {
        // The function returns void, which Prisma cannot read back: select a constant instead.
        await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${GROUPING_LOCK}::bigint)) AS l`;
        const rows = await tx.ticket.findMany({
          where: { id: { in: input.candidates.map((c) => c.id) } },
          select: { id: true, status: true, incidentId: true, incident: { select: { status: true } } },
        });
        // Best first, as the caller ranked them.
        const byId = new Map(rows.map((r) => [r.id, r]));
        const candidates = input.candidates.flatMap(({ id, recent }) => {
          const row = byId.get(id);
          return row ? [{ id, recent, status: row.status, incidentId: row.incidentId, incidentStatus: row.incident?.status ?? null }] : [];
        });
        const plan = planIncident(candidates, input);
        if (plan.kind === 'none') return { kind: 'none' as const };
        if (plan.kind === 'join') {
          const incident = await tx.incident.findUniqueOrThrow({ where: { id: plan.incidentId } });
          return { kind: 'joined' as const, incident, linkedTicketIds: await link(tx, incident, [input.ticketId, ...plan.ticketIds]) };
        }
        // Oldest report first: its words name the incident.
        const reports = await tx.ticket.findMany({
          where: { id: { in: [...plan.ticketIds, input.ticketId] } },
          orderBy: { number: 'asc' },
          select: { id: true, message: true },
        });
        const incident = await tx.incident.create({ data: { title: reports[0]!.message, intent: input.intent } });
        return {
          kind: 'opened' as const,
          incident,
          linkedTicketIds: await link(
            tx,
            incident,
            reports.map((r) => r.id),
          ),
        };
      });
    },

    async findById(id) {
      const incident = await prisma.incident.findUnique({ where: { id } });
      return incident ? ((await summarize(prisma, [incident]))[0] ?? null) : null;
    },

    async list(query) {
      const incidents = await prisma.incident.findMany({
        where: query.status ? { status: query.status } : {},
        orderBy: { number: 'desc' },
        take: query.limit,
      });
      return summarize(prisma, incidents);
    },

    async markResolved(id, patch) {
      const { count } = await prisma.incident.updateMany({
        where: { id, status: 'OPEN' },
        data: { status: 'RESOLVED', response: patch.response, resolvedById: patch.resolvedById, resolvedAt: new Date() },
      });
      return count === 0 ? null : prisma.incident.findUnique({ where: { id } });
    },

    unlink(incidentId, ticketId, actorId) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.ticket.updateMany({ where: { id: ticketId, incidentId }, data: { incidentId: null } });
        if (count === 0) return false;
        await tx.ticketEvent.create({ data: { ticketId, type: 'incident_unlinked', actorType: 'USER', actorId, data: { incidentId } } });
        return true;
      });
    },

    async listOpenTicketIds(incidentId) {
      const rows = await prisma.ticket.findMany({
        where: { incidentId, status: { in: [...INCIDENT_OPEN_STATUSES] } },
        orderBy: { number: 'asc' },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    async recordPost(id, post) {
      await prisma.incident.updateMany({
        where: { id, chatMessageId: null },
        data: { chatPlatform: post.platform, chatChannelId: post.channelId, chatMessageId: post.messageId },
      });
    },

    async firstTicketAt() {
      const first = await prisma.ticket.findFirst({ orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
      return first?.createdAt ?? null;
    },

    listChangedSince: (since, windowStart) =>
      prisma.ticket.findMany({
        where: { updatedAt: { gt: since }, createdAt: { gte: windowStart } },
        select: { id: true, message: true, requesterId: true, status: true, incidentId: true, createdAt: true, updatedAt: true },
      }),
  };
}
