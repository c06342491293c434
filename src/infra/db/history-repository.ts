// Imported conversations as resolved tickets, a batch per statement. INSERT … ON CONFLICT DO NOTHING
// on the unique externalId skips what an earlier import stored and returns only the new rows, so
// only they get an `imported` event.
import type { HistoryRepository } from '../../domain/ports/history.js';
import type { Database } from './database.js';

/** Marks the one system customer imported tickets are requested by (no API key has this id). */
const IMPORT_REQUESTER = { externalId: 'firstline:history-import', displayName: 'History import' } as const;
/** Serialises finding-or-creating that user, so two imports at once make one. */
const IMPORT_REQUESTER_LOCK = 7_412_002;

/**
 * One statement, so one transaction: the tickets (skipping external ids already stored), then an
 * event for each ticket it stored. Arrays instead of a VALUES list keep it one prepared statement
 * at any batch size; through the ORM a 500-row batch took ten times as long.
 */
const INSERT_RESOLVED = `
  WITH batch AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[])
      AS b("externalId", question, answer, intent, "createdAt", line)
  ), stored AS (
    INSERT INTO "Ticket" (id, source, "requesterId", message, status, intent, "labelledIntent", response, "responseSource",
                          "answerBasis", "externalId", "createdAt", "updatedAt", "firstResponseAt", "resolvedAt")
    SELECT gen_random_uuid(), 'API'::"TicketSource", $7::uuid, question, 'RESOLVED'::"TicketStatus", intent, intent, answer,
           'AGENT'::"ResponseSource", answer, "externalId", "createdAt", now(), "createdAt", "createdAt"
    FROM batch
    ON CONFLICT ("externalId") DO NOTHING
    RETURNING id, "externalId"
  ), events AS (
    INSERT INTO "TicketEvent" ("ticketId", type, "toStatus", "actorType", data)
    SELECT stored.id, 'imported', 'RESOLVED'::"TicketStatus", 'SYSTEM'::"ActorType", jsonb_build_object('file', $8::text, 'line', batch.line)
    FROM stored JOIN batch USING ("externalId")
    RETURNING 1
  )
  SELECT count(*)::int AS stored FROM events`;

export function createHistoryRepository(db: Pick<Database, 'prisma' | 'query'>): HistoryRepository {
  const { prisma } = db;
  return {
    async findImported(externalIds) {
      const rows = await prisma.ticket.findMany({ where: { externalId: { in: [...externalIds] } }, select: { externalId: true } });
      return new Set(rows.map((r) => r.externalId!));
    },

    importRequesterId: () =>
      prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${IMPORT_REQUESTER_LOCK}::bigint)) AS l`;
        const where = { email: null, externalKeyId: null, externalId: IMPORT_REQUESTER.externalId };
        const found = await tx.user.findFirst({ where, select: { id: true } });
        if (found) return found.id;
        return (await tx.user.create({ data: { role: 'USER', ...IMPORT_REQUESTER }, select: { id: true } })).id;
      }),

    async insertResolved(requesterId, file, conversations) {
      const rows = await db.query<{ stored: number }>(INSERT_RESOLVED, [
        conversations.map((c) => c.externalId),
        conversations.map((c) => c.question),
        conversations.map((c) => c.answer),
        conversations.map((c) => c.intent),
        conversations.map((c) => c.createdAt.toISOString()),
        conversations.map((c) => c.line),
        requesterId,
        file,
      ]);
      return Number(rows[0]?.stored ?? 0);
    },
  };
}
