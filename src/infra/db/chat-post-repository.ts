// Recorded chat posts, and what the records say is missing: a change a customer must hear of with
// no post telling them, or an escalation with no post in the agents' channel.
import type { ChatPostRepository, UndeliveredChange, UndeliveredChanges } from '../../domain/ports/chat.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Database } from './database.js';

const FIELDS = { ticketId: true, platform: true, purpose: true, channelId: true, messageId: true } as const;

/**
 * The changes told to customers, by the event that records them: an answer or an escalation
 * (`triaged`), an agent's answer (`resolved`), and an automatic answer taken back after "still need
 * help" (an `escalated` event with reason customer_rejected, published as `rejected`).
 */
const UNDELIVERED_SQL = `
  WITH latest AS (
    SELECT DISTINCT ON (e."ticketId") e."ticketId", e.id, e."toStatus",
           CASE WHEN e.type = 'escalated' THEN 'rejected' ELSE e.type END AS "eventKey"
      FROM "TicketEvent" e
     WHERE e."createdAt" >= $1 AND e."createdAt" < $2
       AND (e.type IN ('triaged', 'resolved') OR (e.type = 'escalated' AND e.data->>'reason' = 'customer_rejected'))
     ORDER BY e."ticketId", e.id DESC
  )
  SELECT l."ticketId", l."eventKey", t.status
    FROM latest l JOIN "Ticket" t ON t.id = l."ticketId"
   WHERE t.status = l."toStatus"
     AND ((t."chatPlatform" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "ChatPost" p WHERE p."ticketId" = t.id AND p.purpose = l."eventKey" || ':customer'))
       OR ($4 AND t.status = 'ESCALATED' AND t."incidentId" IS NULL
           AND NOT EXISTS (SELECT 1 FROM "ChatPost" p WHERE p."ticketId" = t.id AND p.purpose = 'agents')))
   ORDER BY l.id
   LIMIT $3`;

export function createChatPostRepository(db: Pick<Database, 'prisma' | 'query'>): ChatPostRepository & UndeliveredChanges {
  const prisma: PrismaClient = db.prisma;
  return {
    find: (ticketId, purpose) => prisma.chatPost.findUnique({ where: { ticketId_purpose: { ticketId, purpose } }, select: FIELDS }),
    async record(post) {
      await prisma.chatPost.createMany({ data: [post], skipDuplicates: true });
    },
    findByMessage: (platform, channelId, messageId, purpose) =>
      prisma.chatPost.findFirst({ where: { platform, channelId, messageId, purpose }, select: FIELDS }),
    listUndelivered: ({ from, to }, limit, { agentsPosts }) => db.query<UndeliveredChange>(UNDELIVERED_SQL, [from, to, limit, agentsPosts]),
  };
}
