// Candidate replies with their evidence, and what their outcomes say: each answer's track record
// (ratings of the tickets it was sent to) and the labelled candidates answer confidence is fitted on.
// Outcomes are read from the tickets and their feedback rather than stored on the candidates, so a
// rating changed later, or an agent's answer, counts without anything to keep in step.
import { KIND_RECORD_WINDOW, type Features } from '../../domain/answer-confidence.js';
import type { CandidateRepository, LabelledCandidate, TrackRecord, TrackRecords } from '../../domain/ports/learning.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { textKey } from '../../replies/answer-key.js';
import type { Database } from './database.js';

const KIND_TO_DB = { solution: 'SOLUTION', template: 'TEMPLATE', passage: 'PASSAGE' } as const;
const KIND_FROM_DB = { SOLUTION: 'solution', TEMPLATE: 'template', PASSAGE: 'passage' } as const;
type DbKind = keyof typeof KIND_FROM_DB;

interface LabelRow {
  kind: DbKind;
  features: Features;
  textKey: string;
  agentAnswer: string | null;
  helpful: boolean | null;
}

export function createCandidateRepository(db: Pick<Database, 'prisma' | 'query'>): CandidateRepository & TrackRecords {
  return {
    async save(ticketId, candidates) {
      if (candidates.length === 0) return;
      await db.prisma.replyCandidate.createMany({
        data: candidates.map((c) => ({
          ticketId,
          rank: c.rank,
          kind: KIND_TO_DB[c.kind],
          answerKey: c.answerKey,
          textKey: c.textKey,
          sourceId: c.sourceId,
          features: c.features as Prisma.InputJsonValue,
          confidence: c.confidence,
          modelVersion: c.modelVersion,
          sent: c.sent,
        })),
        skipDuplicates: true,
      });
    },

    async read(answerKeys) {
      const records = new Map<string, TrackRecord>();
      if (answerKeys.length === 0) return records;
      const rows = await db.query<{ answerKey: string; helpful: number; notHelpful: number }>(
        `SELECT rc."answerKey",
                count(*) FILTER (WHERE f.helpful)::int AS helpful,
                count(*) FILTER (WHERE NOT f.helpful)::int AS "notHelpful"
           FROM "ReplyCandidate" rc JOIN "Feedback" f ON f."ticketId" = rc."ticketId"
          WHERE rc.sent AND rc."answerKey" = ANY($1::text[])
          GROUP BY rc."answerKey"`,
        [answerKeys],
      );
      for (const r of rows) records.set(r.answerKey, { helpful: r.helpful, notHelpful: r.notHelpful });
      return records;
    },

    async readKinds() {
      const kinds = {
        solution: { helpful: 0, notHelpful: 0 },
        template: { helpful: 0, notHelpful: 0 },
        passage: { helpful: 0, notHelpful: 0 },
      };
      const rows = await db.query<{ kind: DbKind; helpful: number; notHelpful: number }>(
        `SELECT rc.kind,
                count(*) FILTER (WHERE f.helpful)::int AS helpful,
                count(*) FILTER (WHERE NOT f.helpful)::int AS "notHelpful"
           FROM (SELECT "ticketId", helpful FROM "Feedback" ORDER BY "createdAt" DESC LIMIT $1) f
           JOIN "ReplyCandidate" rc ON rc."ticketId" = f."ticketId" AND rc.sent
          GROUP BY rc.kind`,
        [KIND_RECORD_WINDOW],
      );
      for (const r of rows) kinds[KIND_FROM_DB[r.kind]] = { helpful: r.helpful, notHelpful: r.notHelpful };
      return kinds;
    },

    async bestCandidate(ticketId) {
      return db.prisma.replyCandidate.findUnique({
        where: { ticketId_rank: { ticketId, rank: 0 } },
        select: { textKey: true, confidence: true },
      });
    },

    async listLabelled(limit) {
      // Only each ticket's best candidate: the decision is only ever taken on that one, so that is
      // the population answer confidence must be calibrated on (the many weak runners-up would
      // otherwise dominate the fit and leave its top end overconfident: 93 % precision at 0.9).
      // The newest first in SQL (the limit keeps the recent past), then oldest first for the caller.
      const rows = await db.query<LabelRow>(
        `SELECT rc.kind, rc.features, rc."textKey",
                CASE WHEN t."responseSource" = 'AGENT' AND t.status IN ('RESOLVED', 'CLOSED') THEN coalesce(t."answerBasis", t.response) END AS "agentAnswer",
                f.helpful
           FROM "ReplyCandidate" rc
           JOIN "Ticket" t ON t.id = rc."ticketId"
           LEFT JOIN "Feedback" f ON f."ticketId" = rc."ticketId" AND rc.sent
          WHERE rc.rank = 0
            AND ((t."responseSource" = 'AGENT' AND t.status IN ('RESOLVED', 'CLOSED')) OR (rc.sent AND f.helpful IS NOT NULL))
          ORDER BY rc.id DESC
          LIMIT $1`,
        [limit],
      );
      return rows.reverse().map((r): LabelledCandidate => ({
        kind: KIND_FROM_DB[r.kind],
        features: r.features,
        // An agent's own answer says which candidate would have answered; else the customer's rating.
        answered: r.agentAnswer !== null ? textKey(r.agentAnswer) === r.textKey : r.helpful === true,
      }));
    },
  };
}
