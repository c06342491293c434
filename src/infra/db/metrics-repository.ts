// Admin metrics as SQL aggregates: a handful of queries whatever the number of tickets.
import { ASSUMED_RESOLUTION_AFTER_MS, windowStart } from '../../domain/metrics-window.js';
import type { Metrics } from '../../domain/metrics.js';
import type { MetricsRepository } from '../../domain/ports/metrics.js';
import { shadowAgreement } from '../../domain/shadow-agreement.js';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import { textKey } from '../../replies/answer-key.js';
import { readTicketSeries } from './metrics-series-queries.js';
import { ticketsInScope } from './tickets-in-scope.js';

interface TicketAggregates {
  processed: number;
  auto_resolved: number;
  escalated: number;
  verified: number;
  assumed: number;
  median_first_response: number | null;
  median_resolution: number | null;
  open_escalations: number;
  delivery_failures: number;
}

const toCounts = (rows: { key: string | null; count: number }[]): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.key ?? 'none', r.count]));

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function createMetricsRepository(prisma: PrismaClient): MetricsRepository {
  return {
    series: (range) => readTicketSeries(prisma, range),

    async compute(window, now, scope): Promise<Metrics> {
      const since = windowStart(window, now);
      // One workspace's tickets only (a Slack workspace's /metrics when the app serves many).
      const inScope = (alias: string) =>
        scope
          ? Prisma.sql`AND ${Prisma.raw(alias)}."chatPlatform" = ${scope.platform}::"ChatPlatform" AND ${Prisma.raw(alias)}."chatWorkspaceId" = ${scope.workspaceId}`
          : Prisma.empty;
      const ticketScope = scope ? ticketsInScope(scope) : {};
      // `since` null means all time; the epoch predates every ticket, so one statement serves every window.
      const from = since ?? new Date(0);
      const assumedBefore = new Date(now.getTime() - ASSUMED_RESOLUTION_AFTER_MS);

      const [aggregates] = await prisma.$queryRaw<TicketAggregates[]>`
        WITH t AS (
          SELECT tk.*,
            EXISTS (SELECT 1 FROM "TicketEvent" e WHERE e."ticketId" = tk.id AND e."toStatus" = 'ESCALATED') AS was_escalated,
            EXISTS (SELECT 1 FROM "TicketEvent" e WHERE e."ticketId" = tk.id AND e."toStatus" = 'AUTO_RESOLVED') AS was_auto_resolved,
            EXISTS (SELECT 1 FROM "Feedback" f WHERE f."ticketId" = tk.id AND f.helpful) AS has_helpful,
            EXISTS (SELECT 1 FROM "Feedback" f WHERE f."ticketId" = tk.id AND NOT f.helpful) AS has_unhelpful
          FROM "Ticket" tk
          WHERE tk."createdAt" >= ${from} ${inScope('tk')}
        )
        SELECT
          COUNT(*) FILTER (WHERE status <> 'OPEN')::int AS processed,
          COUNT(*) FILTER (WHERE was_auto_resolved AND NOT was_escalated)::int AS auto_resolved,
          COUNT(*) FILTER (WHERE was_escalated)::int AS escalated,
          COUNT(*) FILTER (WHERE status IN ('AUTO_RESOLVED', 'RESOLVED', 'CLOSED') AND has_helpful AND NOT has_unhelpful)::int AS verified,
          COUNT(*) FILTER (WHERE was_auto_resolved AND NOT was_escalated AND status IN ('AUTO_RESOLVED', 'CLOSED')
                            AND NOT has_helpful AND NOT has_unhelpful AND "resolvedAt" <= ${assumedBefore})::int AS assumed,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("firstResponseAt" - "createdAt")))
            FILTER (WHERE "firstResponseAt" IS NOT NULL) AS median_first_response,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("resolvedAt" - "createdAt")))
            FILTER (WHERE "resolvedAt" IS NOT NULL) AS median_resolution,
          (SELECT COUNT(*)::int FROM "Ticket" o WHERE o.status IN ('ESCALATED', 'IN_PROGRESS') ${inScope('o')}) AS open_escalations,
          (SELECT COUNT(*)::int FROM "TicketEvent" d JOIN "Ticket" dt ON dt.id = d."ticketId"
            WHERE d.type = 'delivery_failed' AND d."createdAt" >= ${from} ${inScope('dt')}) AS delivery_failures
        FROM t`;

      // Shadow tickets an agent answered, with the best candidate's words and confidence. Compared in
      // JS: what counts as the same words is answer-key.ts's normalisation, not SQL's.
      const shadowRows = await prisma.$queryRaw<{ confidence: number | null; best: string | null; answer: string }[]>`
        SELECT rc.confidence, rc."textKey" AS best, coalesce(t."answerBasis", t.response) AS answer
          FROM "Ticket" t
          LEFT JOIN "ReplyCandidate" rc ON rc."ticketId" = t.id AND rc.rank = 0
         WHERE t."createdAt" >= ${from} AND t."escalationReason" = 'shadow_mode'
           AND t."responseSource" = 'AGENT' AND t.status IN ('RESOLVED', 'CLOSED') AND t.response IS NOT NULL ${inScope('t')}`;

      const where = { createdAt: { gte: from }, ...ticketScope };
      const feedbackWhere = { createdAt: { gte: from }, ...(scope ? { ticket: ticketScope } : {}) };
      const [byStatus, bySource, byIntent, feedback] = await Promise.all([
        prisma.ticket.groupBy({ by: ['status'], where, _count: { _all: true } }),
        prisma.ticket.groupBy({ by: ['source'], where, _count: { _all: true } }),
        prisma.ticket.groupBy({ by: ['intent'], where, _count: { _all: true } }),
        prisma.feedback.groupBy({ by: ['helpful'], where: feedbackWhere, _count: { _all: true } }),
      ]);
      const helpful = feedback.find((f) => f.helpful)?._count._all ?? 0;
      const notHelpful = feedback.find((f) => !f.helpful)?._count._all ?? 0;
      const a = aggregates!;
      const tickets = byStatus.reduce((sum, r) => sum + r._count._all, 0);

      return {
        window,
        since,
        totals: {
          tickets,
          byStatus: toCounts(byStatus.map((r) => ({ key: r.status, count: r._count._all }))),
          bySource: toCounts(bySource.map((r) => ({ key: r.source, count: r._count._all }))),
          byIntent: toCounts(byIntent.map((r) => ({ key: r.intent, count: r._count._all }))),
        },
        autoResolveRate: rate(a.auto_resolved, a.processed),
        escalationRate: rate(a.escalated, a.processed),
        resolutions: { verified: a.verified, assumed: a.assumed },
        medianSecondsToFirstResponse: a.median_first_response === null ? null : Number(a.median_first_response),
        medianSecondsToResolution: a.median_resolution === null ? null : Number(a.median_resolution),
        satisfaction: { helpful, notHelpful, rate: rate(helpful, helpful + notHelpful) },
        openEscalations: a.open_escalations,
        deliveryFailures: a.delivery_failures,
        shadow: shadowAgreement(
          shadowRows.map((r) => ({ confidence: r.confidence, agreed: r.best !== null && textKey(r.answer) === r.best })),
        ),
      };
    },
  };
}
