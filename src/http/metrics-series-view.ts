// GET /admin/metrics/series as JSON: the dashboard's points, one per UTC bucket, and the window's intents.
import { z } from 'zod';
import { ESCALATION_REASONS } from '../domain/decide.js';
import { SERIES_BUCKETS, SERIES_WINDOWS, type MetricsSeries, type Percentiles } from '../domain/metrics-series.js';
import { TICKET_SOURCES } from '../domain/ticket.js';

const ZCount = z.number().int();
const ZRatio = z.number().nullable();
const ZSeconds = z
  .object({
    median: z.number().nullable(),
    p90: z.number().nullable(),
  })
  .meta({ id: 'DurationPercentiles', description: 'Seconds from the ticket’s creation; null when no ticket had one' });
const countsOf = <K extends string>(keys: readonly [K, ...K[]]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, ZCount])) as Record<K, typeof ZCount>);

const ZSeriesPoint = z
  .object({
    start: z.string().meta({ description: 'Start of the bucket (UTC); it ends where the next begins' }),
    tickets: z.object({ total: ZCount, by_source: countsOf(TICKET_SOURCES) }).meta({ description: 'Tickets opened in the bucket' }),
    automatic: z
      .object({ decided: ZCount, automatic: ZCount, share: ZRatio })
      .meta({ description: 'The pipeline’s decisions made in the bucket; `share` = automatic / decided, null when none' }),
    precision: z.object({ rated: ZCount, helpful: ZCount, precision: ZRatio }).meta({
      description: 'Automatic answers whose first rating came in the bucket; `precision` = helpful / rated, null when none was rated',
    }),
    escalations: z
      .object({ total: ZCount, by_reason: countsOf(ESCALATION_REASONS) })
      .meta({ description: 'Tickets opened in the bucket that went to a person, by their (latest) reason' }),
    response_times: z
      .object({ resolved: ZCount, first_response: ZSeconds, resolution: ZSeconds })
      .meta({ description: 'Tickets resolved in the bucket: how long until their first response and their resolution' }),
    sla: z
      .object({ met: ZCount, breached: ZCount, attainment: ZRatio })
      .meta({ description: 'SLA timers that stopped in the bucket; `attainment` = met / (met + breached), null when none' }),
  })
  .meta({ id: 'MetricsSeriesPoint' });

export const ZMetricsSeries = z
  .object({
    window: z.enum(SERIES_WINDOWS),
    bucket: z.enum(SERIES_BUCKETS),
    from: z.string().meta({ description: 'Start of the first bucket: the one holding now minus the window' }),
    to: z.string().meta({ description: 'End of the last bucket: the one holding now, still filling' }),
    points: z.array(ZSeriesPoint).meta({ description: 'Every bucket from `from` to `to` in order, empty ones with zeros and nulls' }),
    intents: z
      .object({
        top: z.array(z.object({ intent: z.string(), tickets: ZCount })),
        other: ZCount.meta({ description: 'Tickets of every other intent' }),
        unclassified: ZCount.meta({ description: 'Tickets with no intent (not triaged yet)' }),
      })
      .meta({ description: 'Tickets opened from `from` to `to` by intent: the ten most frequent, then the rest summed' }),
  })
  .meta({ id: 'MetricsSeries' });

const seconds = (p: Percentiles) => ({ median: p.median, p90: p.p90 });

export function toMetricsSeriesView(series: MetricsSeries): z.infer<typeof ZMetricsSeries> {
  return {
    window: series.window,
    bucket: series.bucket,
    from: series.from.toISOString(),
    to: series.to.toISOString(),
    points: series.points.map((p) => ({
      start: p.start.toISOString(),
      tickets: { total: p.tickets.total, by_source: p.tickets.bySource },
      automatic: p.automatic,
      precision: p.precision,
      escalations: { total: p.escalations.total, by_reason: p.escalations.byReason },
      response_times: {
        resolved: p.times.resolved,
        first_response: seconds(p.times.firstResponse),
        resolution: seconds(p.times.resolution),
      },
      sla: p.sla,
    })),
    intents: series.intents,
  };
}
