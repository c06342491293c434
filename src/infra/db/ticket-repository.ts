import type { Actor, Ticket, TicketStatus } from '../../domain/ticket.js';
import type {
  NewTicket,
  Page,
  TicketEvent,
  TicketEventInput,
  TicketListQuery,
  TicketPatch,
  TicketRepository,
} from '../../domain/ports.js';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';

/** Each patchable field's column, with the cast PostgreSQL needs for a bound parameter. */
const PATCH_COLUMNS: Record<keyof TicketPatch, string> = {
  assigneeId: '"assigneeId" = {}::uuid',
  response: '"response" = {}',
  responseSource: '"responseSource" = {}::"ResponseSource"',
  intent: '"intent" = {}',
  confidence: '"confidence" = {}::float8',
  escalationReason: '"escalationReason" = {}',
  matchedTicketId: '"matchedTicketId" = {}::uuid',
  similarity: '"similarity" = {}::float8',
  solutionDemotedAt: '"solutionDemotedAt" = {}::timestamptz',
  firstResponseAt: '"firstResponseAt" = {}::timestamptz',
  resolvedAt: '"resolvedAt" = {}::timestamptz',
  closedAt: '"closedAt" = {}::timestamptz',
};

function setClauses(patch: TicketPatch): Prisma.Sql[] {
  const clauses: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const [before, after] = PATCH_COLUMNS[key as keyof TicketPatch].split('{}') as [string, string];
    clauses.push(Prisma.sql([before, after], value));
  }
  return clauses;
}

function actorColumns(actor: Actor): { actorType: 'SYSTEM' | 'USER' | 'API_KEY'; actorId: string | null } {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'USER', actorId: actor.userId };
    case 'api_key':
      return { actorType: 'API_KEY', actorId: actor.apiKeyId };
    case 'system':
      return { actorType: 'SYSTEM', actorId: null };
  }
}

function eventData(event: TicketEventInput) {
  return {
    type: event.type,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    data: (event.data ?? {}) as Prisma.InputJsonValue,
    ...actorColumns(event.actor),
  };
}

export function createTicketRepository(prisma: PrismaClient): TicketRepository {
  return {
    async create(input: NewTicket, event: TicketEventInput): Promise<Ticket> {
      return prisma.ticket.create({
        data: {
          source: input.source,
          requesterId: input.requesterId,
          apiKeyId: input.apiKeyId ?? null,
          message: input.message,
          events: { create: eventData({ ...event, toStatus: event.toStatus ?? 'OPEN' }) },
        },
      });
    },

    findById: (id) => prisma.ticket.findUnique({ where: { id } }),
    async findWithRequesterName(id) {
      const rows = await prisma.$queryRaw<(Ticket & { requesterName: string | null })[]>`
        SELECT t.*, u."displayName" AS "requesterName" FROM "Ticket" t JOIN "User" u ON u.id = t."requesterId" WHERE t.id = ${id}::uuid`;
      return rows[0] ?? null;
    },
    findByNumber: (number) => prisma.ticket.findUnique({ where: { number } }),

    async list(query: TicketListQuery): Promise<Page<Ticket>> {
      const where: Prisma.TicketWhereInput = {
        requesterId: query.requesterId,
        apiKeyId: query.apiKeyId,
        status: query.status,
        intent: query.intent,
        source: query.source,
        priority: query.priority,
        ...(query.cursor !== undefined ? { number: { lt: query.cursor } } : {}),
      };
      const rows = await prisma.ticket.findMany({ where, orderBy: { number: 'desc' }, take: query.limit + 1 });
      const items = rows.slice(0, query.limit);
      const hasMore = rows.length > query.limit;
      return { items, nextCursor: hasMore ? String(items[items.length - 1]!.number) : null };
    },

    async listOpenIds(limit: number, createdBefore?: Date): Promise<string[]> {
      const rows = await prisma.ticket.findMany({
        where: { status: 'OPEN', ...(createdBefore ? { createdAt: { lt: createdBefore } } : {}) },
        orderBy: { number: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    async transition(id, from: TicketStatus, to: TicketStatus, patch: TicketPatch, event) {
      // One statement, so one round trip and atomic by itself: the conditional UPDATE (of two
      // concurrent changes from the same status, one matches) and the event it writes. This is
      // the pipeline's hot path; an interactive transaction took five round trips.
      const e = eventData({ ...event, fromStatus: from, toStatus: to });
      const rows = await prisma.$queryRaw<Ticket[]>`
        WITH changed AS (
          UPDATE "Ticket" SET ${Prisma.join([Prisma.sql`"status" = ${to}::"TicketStatus"`, Prisma.sql`"updatedAt" = now()`, ...setClauses(patch)], ', ')}
          WHERE id = ${id}::uuid AND status = ${from}::"TicketStatus"
          RETURNING *
        ), logged AS (
          INSERT INTO "TicketEvent" ("ticketId", type, "fromStatus", "toStatus", "actorType", "actorId", data)
          SELECT id, ${e.type}, ${from}::"TicketStatus", ${to}::"TicketStatus", ${e.actorType}::"ActorType", ${e.actorId}, ${JSON.stringify(e.data)}::jsonb
          FROM changed
        )
        SELECT * FROM changed`;
      return rows[0] ?? null;
    },

    async appendEvent(ticketId, event) {
      await prisma.ticketEvent.create({ data: { ticketId, ...eventData(event) } });
    },

    async update(id, patch, event) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.ticket.updateMany({ where: { id }, data: patch });
        if (count === 0) return null;
        await tx.ticketEvent.create({ data: { ticketId: id, ...eventData(event) } });
        return tx.ticket.findUnique({ where: { id } });
      });
    },

    async listEvents(ticketId): Promise<TicketEvent[]> {
      const rows = await prisma.ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' } });
      return rows.map((r) => ({ ...r, id: r.id.toString() }));
    },
  };
}
