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
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

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

    async listOpenIds(limit: number): Promise<string[]> {
      const rows = await prisma.ticket.findMany({
        where: { status: 'OPEN' },
        orderBy: { number: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    async transition(id, from: TicketStatus, to: TicketStatus, patch: TicketPatch, event) {
      return prisma.$transaction(async (tx) => {
        // One conditional UPDATE: of two concurrent changes from the same status, one matches.
        const { count } = await tx.ticket.updateMany({ where: { id, status: from }, data: { ...patch, status: to } });
        if (count === 0) return null;
        await tx.ticketEvent.create({ data: { ticketId: id, ...eventData({ ...event, fromStatus: from, toStatus: to }) } });
        return tx.ticket.findUnique({ where: { id } });
      });
    },

    async appendEvent(ticketId, event) {
      await prisma.ticketEvent.create({ data: { ticketId, ...eventData(event) } });
    },

    async listEvents(ticketId): Promise<TicketEvent[]> {
      const rows = await prisma.ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' } });
      return rows.map((r) => ({ ...r, id: r.id.toString() }));
    },
  };
}
