// SLA timers in the database, and the history they are derived from: the ticket's escalation (its
// audit trail), its conversation (messages) and its end.
import type { MetricsScope } from '../../domain/metrics.js';
import type { SlaRepository, SlaTimerRecord, StoredSlaTimer } from '../../domain/ports/sla.js';
import type { ConversationEntry, SlaHistory } from '../../sla/ticket-timers.js';
import type { SlaMetric } from '../../sla/policy.js';
import type { TimerState } from '../../sla/timer.js';
import type { Ticket as TicketRow } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { WAITING_FOR_A_PERSON } from '../../domain/ticket.js';
import { SLA_METRIC_FROM_DB as FROM_DB, SLA_METRIC_TO_DB as TO_DB } from './sla-metric-names.js';
import { stepsInFlight } from './sla-steps-in-flight.js';
import { ticketsInScope } from './tickets-in-scope.js';

const TIMER_STATES: readonly string[] = ['running', 'at_risk', 'breached', 'met', 'paused'] satisfies readonly TimerState[];
const METRIC_ORDER: Record<SlaMetric, number> = { firstResponse: 0, nextResponse: 1, resolution: 2 };

/** Statuses a ticket has once it ended: every timer still running stops there. */
const ENDED = new Set(['AUTO_RESOLVED', 'RESOLVED', 'CLOSED']);

export function createSlaRepository(prisma: PrismaClient): SlaRepository {
  return {
    async loadTicket(ticketId) {
      const ticket = await prisma.ticket.findUnique({ where: { id: ticketId } });
      if (!ticket) return null;
      const [escalation, resolutions, messages] = await Promise.all([
        prisma.ticketEvent.findFirst({
          where: { ticketId, toStatus: 'ESCALATED' },
          orderBy: { id: 'asc' },
          select: { type: true, createdAt: true },
        }),
        prisma.ticketEvent.findMany({ where: { ticketId, type: 'resolved' }, select: { createdAt: true } }),
        prisma.message.findMany({
          where: { ticketId, direction: { in: ['INBOUND', 'OUTBOUND'] } },
          select: { direction: true, createdAt: true },
        }),
      ]);
      // Escalated by the pipeline's decision, the customer has waited since they wrote; escalated
      // later (an answer rejected or undelivered), since then.
      const startedAt = escalation ? (escalation.type === 'triaged' ? ticket.createdAt : escalation.createdAt) : null;
      const conversation: ConversationEntry[] = [
        ...messages.map((m) => ({ at: m.createdAt, from: m.direction === 'INBOUND' ? ('customer' as const) : ('agent' as const) })),
        // An agent's resolution is their response too.
        ...resolutions.map((r) => ({ at: r.createdAt, from: 'agent' as const })),
      ];
      const history: SlaHistory = { startedAt, conversation, endedAt: endOf(ticket) };
      return {
        ticket: {
          id: ticket.id,
          number: ticket.number,
          status: ticket.status,
          priority: ticket.priority,
          chatPlatform: ticket.chatPlatform,
          chatWorkspaceId: ticket.chatWorkspaceId,
          assigneeId: ticket.assigneeId,
          offeredToId: ticket.offeredToId,
        },
        history,
      };
    },

    async listTimers(ticketId) {
      const rows = await prisma.slaTimer.findMany({ where: { ticketId } });
      return rows.map(toStored).sort(byMetric);
    },

    async listTimersOf(ticketIds) {
      const byTicket = new Map<string, StoredSlaTimer[]>();
      if (ticketIds.length === 0) return byTicket;
      const rows = await prisma.slaTimer.findMany({ where: { ticketId: { in: [...ticketIds] } } });
      for (const row of rows.map(toStored).sort(byMetric)) {
        const list = byTicket.get(row.ticketId) ?? [];
        list.push(row);
        byTicket.set(row.ticketId, list);
      }
      return byTicket;
    },

    async saveTimers(ticketId, timers) {
      if (timers.length === 0) return;
      await prisma.$transaction(
        timers.map((timer) => {
          const data = fieldsOf(timer);
          return prisma.slaTimer.upsert({
            where: { ticketId_metric_seq: { ticketId, metric: TO_DB[timer.metric], seq: timer.seq } },
            create: { ticketId, metric: TO_DB[timer.metric], seq: timer.seq, ...data },
            update: data,
          });
        }),
      );
    },

    ...stepsInFlight(prisma),

    async listScheduledChecks(limit, afterTicketId) {
      const rows = await prisma.slaTimer.groupBy({
        by: ['ticketId'],
        where: { stoppedAt: null, nextCheckAt: { not: null }, ...(afterTicketId ? { ticketId: { gt: afterTicketId } } : {}) },
        _min: { nextCheckAt: true },
        orderBy: { ticketId: 'asc' },
        take: limit,
      });
      return rows.flatMap((row) => (row._min.nextCheckAt ? [{ ticketId: row.ticketId, at: row._min.nextCheckAt }] : []));
    },

    async listUnwatchedEscalations(limit) {
      const rows = await prisma.ticket.findMany({
        where: { status: { in: [...WAITING_FOR_A_PERSON] }, slaTimers: { none: {} } },
        orderBy: { number: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((row) => row.id);
    },

    async attainment(window, scope) {
      const rows = await prisma.slaTimer.groupBy({
        by: ['priority', 'metric', 'breached'],
        where: { stoppedAt: { gte: window.from, lt: window.to }, ...ticketsOf(scope) },
        _count: { _all: true },
      });
      const byKey = new Map<string, { priority: TicketRow['priority']; metric: SlaMetric; met: number; breached: number }>();
      for (const row of rows) {
        const key = `${row.priority}:${row.metric}`;
        const entry = byKey.get(key) ?? { priority: row.priority, metric: FROM_DB[row.metric], met: 0, breached: 0 };
        if (row.breached) entry.breached += row._count._all;
        else entry.met += row._count._all;
        byKey.set(key, entry);
      }
      return [...byKey.values()].sort((a, b) => a.priority.localeCompare(b.priority) || METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric]);
    },

    async countBreachedOpen(scope) {
      const rows = await prisma.slaTimer.groupBy({
        by: ['priority', 'metric'],
        where: { stoppedAt: null, breached: true, ...ticketsOf(scope) },
        _count: { _all: true },
      });
      return rows.map((row) => ({ priority: row.priority, metric: FROM_DB[row.metric], count: row._count._all }));
    },
  };
}

/** Timers of one workspace's tickets only, when scoped. */
const ticketsOf = (scope: MetricsScope | undefined) => (scope ? { ticket: ticketsInScope(scope) } : {});

function endOf(ticket: TicketRow): Date | null {
  if (!ENDED.has(ticket.status)) return null;
  return ticket.resolvedAt ?? ticket.closedAt ?? ticket.updatedAt;
}

function fieldsOf(timer: SlaTimerRecord) {
  return {
    priority: timer.priority,
    state: timer.state,
    breached: timer.breached,
    targetMinutes: timer.targetMinutes,
    startedAt: timer.startedAt,
    stoppedAt: timer.stoppedAt,
    atRiskAt: timer.atRiskAt,
    dueAt: timer.dueAt,
    nextCheckAt: timer.nextCheckAt,
  };
}

type SlaTimerRow = Awaited<ReturnType<PrismaClient['slaTimer']['findMany']>>[number];

function toStored(row: SlaTimerRow): StoredSlaTimer {
  return {
    ticketId: row.ticketId,
    metric: FROM_DB[row.metric],
    seq: row.seq,
    priority: row.priority,
    state: TIMER_STATES.includes(row.state) ? (row.state as TimerState) : 'running',
    breached: row.breached,
    targetMinutes: row.targetMinutes,
    startedAt: row.startedAt,
    stoppedAt: row.stoppedAt,
    atRiskAt: row.atRiskAt,
    dueAt: row.dueAt,
    nextCheckAt: row.nextCheckAt,
    firedSteps: row.firedSteps,
    updatedAt: row.updatedAt,
  };
}

const byMetric = (a: StoredSlaTimer, b: StoredSlaTimer): number => METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric] || a.seq - b.seq;
