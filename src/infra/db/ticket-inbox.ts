// The console's inbox over PostgreSQL: the API's keyset pagination (newest first, by number) with
// the console's extra filters. The text search is a case-insensitive `contains` (ILIKE '%…%'), which
// scans every row the other filters leave; see README, "Web console".
import type { Features } from '../../domain/answer-confidence.js';
import type { InboxCursor, InboxQuery, TicketInbox } from '../../domain/ports/console.js';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../../domain/ticket.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from './database.js';

const KIND_FROM_DB = { SOLUTION: 'solution', TEMPLATE: 'template', PASSAGE: 'passage' } as const;

function whereOf(query: Omit<InboxQuery, 'cursor' | 'limit' | 'sort'>): Prisma.TicketWhereInput {
  return {
    status: query.status,
    source: query.source,
    intent: query.intent,
    priority: query.priority,
    ...(query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}),
    ...(query.workspaceId !== undefined ? { chatWorkspaceId: query.workspaceId } : {}),
    ...(query.text ? { message: { contains: query.text, mode: 'insensitive' as const } } : {}),
    ...(query.sla ? { slaTimers: { some: { stoppedAt: null, state: query.sla } } } : {}),
  };
}

/**
 * Keyset pagination: the tickets after the previous page's last one. By priority (the enum's order is
 * P1 first), those of the same priority with a lower number, then every later priority.
 */
function afterCursor(cursor: InboxCursor | undefined, byPriority: boolean): Prisma.TicketWhereInput {
  if (!cursor) return {};
  if (!byPriority || !cursor.priority) return { number: { lt: cursor.number } };
  const later = PRIORITIES.slice(PRIORITIES.indexOf(cursor.priority) + 1);
  return { OR: [{ priority: cursor.priority, number: { lt: cursor.number } }, { priority: { in: later } }] };
}

/** The next page's cursor as the page link carries it: "1234", or "P2-1234" when sorted by priority. */
const cursorText = (ticket: { number: number; priority: Priority }, byPriority: boolean): string =>
  byPriority ? `${ticket.priority}-${ticket.number}` : String(ticket.number);

export function createTicketInbox(db: Pick<Database, 'prisma'>): TicketInbox {
  const { prisma } = db;
  return {
    async list(query) {
      const byPriority = query.sort === 'priority';
      const where = { ...whereOf(query), ...afterCursor(query.cursor, byPriority) };
      const orderBy: Prisma.TicketOrderByWithRelationInput[] = byPriority
        ? [{ priority: 'asc' }, { number: 'desc' }]
        : [{ number: 'desc' }];
      const rows = await prisma.ticket.findMany({ where, orderBy, take: query.limit + 1 });
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const more = rows.length > query.limit && last !== undefined;
      return { items, nextCursor: more ? cursorText(last, byPriority) : null };
    },

    async countByStatus(query) {
      const rows = await prisma.ticket.groupBy({ by: ['status'], where: whereOf(query), _count: { _all: true } });
      const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      for (const row of rows) counts[row.status] = row._count._all;
      return counts;
    },

    async workspaces() {
      const rows = await prisma.ticket.groupBy({
        by: ['chatPlatform', 'chatWorkspaceId'],
        where: { chatPlatform: { not: null }, chatWorkspaceId: { not: null } },
        orderBy: [{ chatPlatform: 'asc' }, { chatWorkspaceId: 'asc' }],
      });
      return rows.flatMap((r) =>
        r.chatPlatform && r.chatWorkspaceId ? [{ platform: r.chatPlatform, workspaceId: r.chatWorkspaceId }] : [],
      );
    },

    async candidatesOf(ticketId) {
      const rows = await prisma.replyCandidate.findMany({ where: { ticketId }, orderBy: { rank: 'asc' } });
      return rows.map((r) => ({
        rank: r.rank,
        kind: KIND_FROM_DB[r.kind],
        answerKey: r.answerKey,
        textKey: r.textKey,
        sourceId: r.sourceId,
        features: r.features as Features,
        confidence: r.confidence,
        modelVersion: r.modelVersion,
        sent: r.sent,
      }));
    },
  };
}
