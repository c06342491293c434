import { randomUUID } from 'node:crypto';
import type { Actor, Ticket, TicketStatus } from '../../domain/ticket.js';
import type { NewTicket, Page, TicketListQuery, TicketPatch, TicketRepository } from '../../domain/ports/tickets.js';
import { isTicketEventType, type TicketEvent, type TicketEventInput, type TicketEventType } from '../../domain/ticket-event.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Database } from './database.js';
import { AppError } from '../../domain/errors.js';
import { isUniqueViolation } from './prisma-errors.js';

/** Each patchable field's column, with the cast PostgreSQL needs for a bound parameter. */
const PATCH_COLUMNS: Record<keyof TicketPatch, string> = {
  message: '"message" = $?',
  assigneeId: '"assigneeId" = $?::uuid',
  response: '"response" = $?',
  responseSource: '"responseSource" = $?::"ResponseSource"',
  intent: '"intent" = $?',
  labelledIntent: '"labelledIntent" = $?',
  answerBasis: '"answerBasis" = $?',
  confidence: '"confidence" = $?::float8',
  escalationReason: '"escalationReason" = $?',
  matchedTicketId: '"matchedTicketId" = $?::uuid',
  similarity: '"similarity" = $?::float8',
  solutionDemotedAt: '"solutionDemotedAt" = $?::timestamptz',
  firstResponseAt: '"firstResponseAt" = $?::timestamptz',
  resolvedAt: '"resolvedAt" = $?::timestamptz',
  closedAt: '"closedAt" = $?::timestamptz',
  chatThreadId: '"chatThreadId" = $?',
};

/** `SET` clauses for the patch's defined fields, numbering parameters after `params`' current ones. */
function setClauses(patch: TicketPatch, params: unknown[]): string[] {
  const clauses: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    params.push(value);
    clauses.push(PATCH_COLUMNS[key as keyof TicketPatch].replace('$?', `$${params.length}`));
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

/** Event types are a closed list; a row with another was written by something else and is a fault. */
function knownEventType(type: string): TicketEventType {
  if (isTicketEventType(type)) return type;
  throw new Error(`unknown ticket event type "${type}"`);
}

export function createTicketRepository(db: Pick<Database, 'prisma' | 'query'>): TicketRepository {
  const { prisma } = db;
  return {
    async create(input: NewTicket, event: TicketEventInput): Promise<Ticket> {
      // One statement, as in transition(): the ticket and its "created" event in one round trip,
      // atomic by itself. This is the way in; through the ORM it was a transaction of five.
      const e = eventData({ ...event, toStatus: event.toStatus ?? 'OPEN' });
      const chat = input.chat;
      const params: unknown[] = [
        randomUUID(),
        input.source,
        input.requesterId,
        input.apiKeyId ?? null,
        input.message,
        chat?.platform ?? null,
        chat?.workspaceId ?? null,
        chat?.channelId ?? null,
        chat?.threadId ?? null,
        chat?.messageId ?? null,
        input.urgency?.score ?? null,
        input.urgency?.level ?? null,
        input.urgency?.priority ?? null,
        e.type,
        e.toStatus,
        e.actorType,
        e.actorId,
        JSON.stringify(e.data),
      ];
      try {
        const rows = await db.query<Ticket>(
          `WITH created AS (
             INSERT INTO "Ticket" (id, source, "requesterId", "apiKeyId", message,
               "chatPlatform", "chatWorkspaceId", "chatChannelId", "chatThreadId", "chatMessageId",
               "urgencyScore", urgency, priority, "updatedAt")
             VALUES ($1::uuid, $2::"TicketSource", $3::uuid, $4::uuid, $5,
               $6::"ChatPlatform", $7, $8, $9, $10,
               $11::float8, COALESCE($12::"Urgency", 'NORMAL'), COALESCE($13::"Priority", 'P3'), now())
             RETURNING *
           ), logged AS (
             INSERT INTO "TicketEvent" ("ticketId", type, "toStatus", "actorType", "actorId", data)
             SELECT id, $14, $15::"TicketStatus", $16::"ActorType", $17, $18::jsonb FROM created
           )
           SELECT * FROM created`,
          params,
        );
        const [ticket] = rows;
        if (!ticket) throw new Error('INSERT … RETURNING gave no ticket');
        return ticket;
      } catch (err) {
        // The only unique key a new ticket can collide on is its chat message.
        if (isUniqueViolation(err)) throw new AppError('conflict', { message: 'This chat message already opened a ticket.', cause: err });
        throw err;
      }
    },

    findById: (id) => prisma.ticket.findUnique({ where: { id } }),
    async findWithRequesterName(id) {
      const rows = await db.query<Ticket & { requesterName: string | null }>(
        'SELECT t.*, u."displayName" AS "requesterName" FROM "Ticket" t JOIN "User" u ON u.id = t."requesterId" WHERE t.id = $1::uuid',
        [id],
      );
      return rows[0] ?? null;
    },
    findByChatThread: (platform, channelId, threadId) =>
      prisma.ticket.findFirst({
        where: { chatPlatform: platform, chatChannelId: channelId, chatThreadId: threadId },
        orderBy: { number: 'desc' },
      }),
    findByChatMessage: (platform, channelId, messageId) =>
      prisma.ticket.findFirst({ where: { chatPlatform: platform, chatChannelId: channelId, chatMessageId: messageId } }),
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

    listOpen: (limit, createdBefore) =>
      prisma.ticket.findMany({
        where: { status: 'OPEN', ...(createdBefore ? { createdAt: { lt: createdBefore } } : {}) },
        orderBy: { number: 'asc' },
        take: limit,
        select: { id: true, priority: true },
      }),

    async transition(id, from: TicketStatus, to: TicketStatus, patch: TicketPatch, event) {
      // One statement, so one round trip and atomic by itself: the conditional UPDATE (of two
      // concurrent changes from the same status, one matches) and the event it writes. This is
      // the pipeline's hot path; an interactive transaction took five round trips.
      const e = eventData({ ...event, fromStatus: from, toStatus: to });
      const params: unknown[] = [id, from, to, e.type, e.actorType, e.actorId, JSON.stringify(e.data)];
      const sets = ['"status" = $3::"TicketStatus"', '"updatedAt" = now()', ...setClauses(patch, params)];
      const rows = await db.query<Ticket>(
        `WITH changed AS (
           UPDATE "Ticket" SET ${sets.join(', ')} WHERE id = $1::uuid AND status = $2::"TicketStatus" RETURNING *
         ), logged AS (
           INSERT INTO "TicketEvent" ("ticketId", type, "fromStatus", "toStatus", "actorType", "actorId", data)
           SELECT id, $4, $2::"TicketStatus", $3::"TicketStatus", $5::"ActorType", $6, $7::jsonb FROM changed
         )
         SELECT * FROM changed`,
        params,
      );
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
      return rows.map((r) => ({ ...r, id: r.id.toString(), type: knownEventType(r.type) }));
    },
  };
}
