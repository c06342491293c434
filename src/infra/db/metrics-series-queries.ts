// The dashboard's series (GET /admin/metrics/series) as grouped SQL: six statements whatever the
// number of tickets, each reading one range of one timestamp.
import type { EscalationReason } from '../../domain/decide.js';
import type { Percentiles, SeriesRange, SeriesRows } from '../../domain/metrics-series.js';
import type { TicketSource } from '../../domain/ticket.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { bucketIndex } from './series-bucket-sql.js';

interface TimesRow {
  bucket: number;
  resolved: number;
  fr_median: number | null;
  fr_p90: number | null;
  res_median: number | null;
  res_p90: number | null;
}

const seconds = (value: number | string | null): number | null => (value === null ? null : Number(value));
const percentiles = (median: number | null, p90: number | null): Percentiles => ({ median: seconds(median), p90: seconds(p90) });

export async function readTicketSeries(prisma: PrismaClient, range: SeriesRange): Promise<SeriesRows> {
  const { from, to } = range;
  const [opened, decisions, ratings, times, sla, intents] = await Promise.all([
    // Tickets opened, by source and by the reason they went to a person (null: they did not). Grouped
    // on the enums themselves, cast to text after: grouping on the text sorted 100,000 rows on disk
    // (85 ms) where hashing the enums takes 47.
    prisma.$queryRaw<{ bucket: number; source: TicketSource; reason: EscalationReason | null; count: number }[]>`
      SELECT ${bucketIndex('"createdAt"', range)} AS bucket, source::text AS source, "escalationReason"::text AS reason, COUNT(*)::int AS count
        FROM "Ticket"
       WHERE "createdAt" >= ${from} AND "createdAt" < ${to}
       GROUP BY 1, source, "escalationReason"`,
    // The pipeline decides once per ticket: its `triaged` event says answered or escalated.
    prisma.$queryRaw<{ bucket: number; automatic: number; escalated: number }[]>`
      SELECT ${bucketIndex('"createdAt"', range)} AS bucket,
             COUNT(*) FILTER (WHERE "toStatus" = 'AUTO_RESOLVED')::int AS automatic,
             COUNT(*) FILTER (WHERE "toStatus" = 'ESCALATED')::int AS escalated
        FROM "TicketEvent"
       WHERE type = 'triaged' AND "createdAt" >= ${from} AND "createdAt" < ${to}
       GROUP BY 1`,
    // Ratings from the audit trail, not the Feedback table: a second rating replaces the row, and may
    // be of the agent's answer that followed a rejected one. A ticket answered automatically was
    // first rated on that answer, so its first `feedback` event is the verdict on it.
    prisma.$queryRaw<{ bucket: number; rated: number; helpful: number }[]>`
      SELECT ${bucketIndex('f."createdAt"', range)} AS bucket,
             COUNT(*)::int AS rated,
             COUNT(*) FILTER (WHERE (f.data ->> 'helpful')::boolean)::int AS helpful
        FROM "TicketEvent" f
       WHERE f.type = 'feedback' AND f."createdAt" >= ${from} AND f."createdAt" < ${to}
         AND jsonb_typeof(f.data -> 'helpful') = 'boolean'
         AND NOT EXISTS (SELECT 1 FROM "TicketEvent" p WHERE p."ticketId" = f."ticketId" AND p.type = 'feedback' AND p.id < f.id)
         AND EXISTS (SELECT 1 FROM "TicketEvent" d WHERE d."ticketId" = f."ticketId" AND d.type = 'triaged' AND d."toStatus" = 'AUTO_RESOLVED')
       GROUP BY 1`,
    prisma.$queryRaw<TimesRow[]>`
      SELECT ${bucketIndex('"resolvedAt"', range)} AS bucket,
             COUNT(*)::int AS resolved,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("firstResponseAt" - "createdAt")))
               FILTER (WHERE "firstResponseAt" IS NOT NULL) AS fr_median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("firstResponseAt" - "createdAt")))
               FILTER (WHERE "firstResponseAt" IS NOT NULL) AS fr_p90,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("resolvedAt" - "createdAt"))) AS res_median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("resolvedAt" - "createdAt"))) AS res_p90
        FROM "Ticket"
       WHERE "resolvedAt" >= ${from} AND "resolvedAt" < ${to}
       GROUP BY 1`,
    // SLA timers where they stopped; the SLA figures of /admin/metrics read the same rows by window.
    prisma.$queryRaw<{ bucket: number; met: number; breached: number }[]>`
      SELECT ${bucketIndex('"stoppedAt"', range)} AS bucket,
             COUNT(*) FILTER (WHERE NOT breached)::int AS met,
             COUNT(*) FILTER (WHERE breached)::int AS breached
        FROM "SlaTimer"
       WHERE "stoppedAt" >= ${from} AND "stoppedAt" < ${to}
       GROUP BY 1`,
    prisma.ticket.groupBy({ by: ['intent'], where: { createdAt: { gte: from, lt: to } }, _count: { _all: true } }),
  ]);

  return {
    tickets: sumBy(opened, (r) => `${r.bucket}:${r.source}`).map(([r, count]) => ({ bucket: r.bucket, source: r.source, count })),
    escalations: sumBy(
      opened.filter((r) => r.reason !== null),
      (r) => `${r.bucket}:${r.reason}`,
    ).map(([r, count]) => ({ bucket: r.bucket, reason: r.reason!, count })),
    decisions,
    ratings,
    times: times.map((r) => ({
      bucket: r.bucket,
      resolved: r.resolved,
      firstResponse: percentiles(r.fr_median, r.fr_p90),
      resolution: percentiles(r.res_median, r.res_p90),
    })),
    sla,
    intents: intents.map((r) => ({ intent: r.intent, count: r._count._all })),
  };
}

/** Counts summed per key, each with the first row of its key. */
function sumBy<R extends { count: number }>(rows: readonly R[], key: (row: R) => string): [R, number][] {
  const sums = new Map<string, [R, number]>();
  for (const row of rows) {
    const k = key(row);
    const entry = sums.get(k);
    if (entry) entry[1] += row.count;
    else sums.set(k, [row, row.count]);
  }
  return [...sums.values()];
}
