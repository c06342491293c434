// Knowledge gaps read from the `triaged` event: it is written in the same statement as the decision,
// with the candidates weighed and the threshold the decision used, so one lookup per ticket says
// both what the best passage scored and what it had to reach (ReplyCandidate rows hold no threshold,
// and are saved after the decision, so a crash in between would leave a gap looking answered).
import { windowStart } from '../../domain/metrics-window.js';
import { GAP_ESCALATION_REASONS, type GapTicket, type KnowledgeGapsRepository } from '../../domain/ports/knowledge-gaps.js';
import type { TicketStatus } from '../../domain/ticket.js';
import type { Database } from './database.js';

interface GapRow {
  id: string;
  number: number;
  message: string;
  createdAt: Date;
  status: TicketStatus;
  best: number | null;
}

// The newest tickets first through the createdAt index; the escalation and passage tests are per row.
// The reasons are compared as the enum, not as text, so the column's statistics (and the extended
// statistics of migration 20261205131500) apply: with them the planner stops at the limit. They are
// bound as text[] and cast in SQL: PGlite knows array types from its start, and on a folder migrated
// in the same session the enum's array type did not exist yet (the array went as "a,b,c").
// The threshold is the one the decision was taken with, or the default when it made no comparison
// (no_reply_available, unknown_intent). A ticket without a triaged event had no passage weighed.
const SQL = `
  SELECT t.id, t.number, t.message, t."createdAt", t.status::text AS status, ev.best
    FROM "Ticket" t
    LEFT JOIN LATERAL (
      SELECT (SELECT max((c->>'answerConfidence')::float8)
                FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.data->'candidates') = 'array' THEN e.data->'candidates' ELSE '[]'::jsonb END) c
               WHERE c->>'kind' = 'passage') AS best,
             coalesce((e.data->'thresholds'->>'used')::float8, (e.data->'thresholds'->>'autoResolve')::float8) AS threshold
        FROM "TicketEvent" e
       WHERE e."ticketId" = t.id AND e.type = 'triaged'
       ORDER BY e.id DESC
       LIMIT 1
    ) ev ON true
   WHERE t."createdAt" >= $1
     AND t."escalationReason" = ANY($2::text[]::"EscalationReason"[])
     AND (t.status IN ('ESCALATED', 'IN_PROGRESS') OR (t.status IN ('RESOLVED', 'CLOSED') AND t."responseSource" = 'AGENT'))
     AND (ev.best IS NULL OR ev.best < ev.threshold)
   ORDER BY t."createdAt" DESC, t.number DESC
   LIMIT $3`;

export function createKnowledgeGapsRepository(db: Pick<Database, 'query'>): KnowledgeGapsRepository {
  return {
    async listGapTickets(window, now, limit) {
      // `since` null means all time; the epoch predates every ticket, so one statement serves every window.
      const since = windowStart(window, now) ?? new Date(0);
      const rows = await db.query<GapRow>(SQL, [since, [...GAP_ESCALATION_REASONS], limit]);
      return rows.map((r): GapTicket => ({
        id: r.id,
        number: r.number,
        message: r.message,
        createdAt: new Date(r.createdAt),
        status: r.status,
        bestPassageConfidence: r.best === null ? null : Number(r.best),
      }));
    },
  };
}
