// The admin dashboard's figures over time (GET /admin/metrics/series): a window cut into UTC hours or
// days, and per bucket what the database counted there. The database groups rows by bucket index; this
// file decides the buckets, and puts every one of them in the answer, with zeros and nulls where
// nothing happened, so a chart needs no gap filling.
import { ESCALATION_REASONS, type EscalationReason } from './decide.js';
import { TICKET_SOURCES, type TicketSource } from './ticket.js';

export const SERIES_WINDOWS = ['24h', '7d', '30d', '90d'] as const;
export type SeriesWindow = (typeof SERIES_WINDOWS)[number];
export const SERIES_BUCKETS = ['hour', 'day'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

/** More points than a chart can show: a request for more is refused (90 days by the hour). */
export const MAX_SERIES_BUCKETS = 2000;
/** Intents named in the window's volume; the rest are summed as `other`. */
export const TOP_INTENTS = 10;

const HOUR_MS = 3_600_000;
const WINDOW_MS: Record<SeriesWindow, number> = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
  '90d': 90 * 24 * HOUR_MS,
};
export const BUCKET_MS: Record<SeriesBucket, number> = { hour: HOUR_MS, day: 24 * HOUR_MS };
/** An hour's points for a day; a day's for longer windows, where hours are mostly noise. */
export const DEFAULT_BUCKET: Record<SeriesWindow, SeriesBucket> = { '24h': 'hour', '7d': 'day', '30d': 'day', '90d': 'day' };

/** The buckets a window is cut into: UTC hours or days, from the one holding `now − window` to the one holding `now`. */
export interface SeriesRange {
  window: SeriesWindow;
  bucket: SeriesBucket;
  /** Start of the first bucket. */
  from: Date;
  /** End of the last bucket (the current one, still filling). */
  to: Date;
  bucketMs: number;
  count: number;
}

/** How many buckets a window holds: the whole ones plus the partial one at each end. */
export const bucketCount = (window: SeriesWindow, bucket: SeriesBucket): number => Math.floor(WINDOW_MS[window] / BUCKET_MS[bucket]) + 1;

export function seriesRange(window: SeriesWindow, bucket: SeriesBucket, now: Date): SeriesRange {
  const bucketMs = BUCKET_MS[bucket];
  // The epoch starts at a UTC midnight, so flooring to a multiple of an hour or a day is a UTC bucket start.
  const from = Math.floor((now.getTime() - WINDOW_MS[window]) / bucketMs) * bucketMs;
  const count = bucketCount(window, bucket);
  return { window, bucket, from: new Date(from), to: new Date(from + count * bucketMs), bucketMs, count };
}

/** Median and 90th percentile of some durations, in seconds; null when there were none. */
export interface Percentiles {
  median: number | null;
  p90: number | null;
}

/** What the database counted, each row in the bucket of its index (0 is the first); rows for empty buckets are absent. */
export interface SeriesRows {
  /** Tickets opened in the bucket. */
  tickets: { bucket: number; source: TicketSource; count: number }[];
  /** The pipeline's decisions made in the bucket: answered automatically, or sent to a person. */
  decisions: { bucket: number; automatic: number; escalated: number }[];
  /** Automatic answers whose first rating came in the bucket, and how many of those said helpful. */
  ratings: { bucket: number; rated: number; helpful: number }[];
  /** Tickets opened in the bucket that went to a person, by their reason. */
  escalations: { bucket: number; reason: EscalationReason; count: number }[];
  /** Tickets resolved in the bucket and how long they took, from their creation. */
  times: { bucket: number; resolved: number; firstResponse: Percentiles; resolution: Percentiles }[];
  /** Tickets opened in the whole range, by intent (null: never classified). */
  intents: { intent: string | null; count: number }[];
  /** SLA timers that stopped in the bucket, in time (met) or late (breached). */
  sla: { bucket: number; met: number; breached: number }[];
}

export interface SeriesPoint {
  start: Date;
  tickets: { total: number; bySource: Record<TicketSource, number> };
  /** Of the decisions, the share answered automatically; null when none was made. */
  automatic: { decided: number; automatic: number; share: number | null };
  /** Measured precision of automatic answers: helpful / rated; null when none was rated. */
  precision: { rated: number; helpful: number; precision: number | null };
  escalations: { total: number; byReason: Record<EscalationReason, number> };
  times: { resolved: number; firstResponse: Percentiles; resolution: Percentiles };
  /** met / (met + breached); null when no timer stopped. */
  sla: { met: number; breached: number; attainment: number | null };
}

export interface MetricsSeries {
  window: SeriesWindow;
  bucket: SeriesBucket;
  from: Date;
  to: Date;
  points: SeriesPoint[];
  /** The window's volume by intent: the most frequent first (ties by name), the rest summed. */
  intents: { top: { intent: string; tickets: number }[]; other: number; unclassified: number };
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const NO_TIMES: Percentiles = { median: null, p90: null };

function emptyPoint(start: Date): SeriesPoint {
  return {
    start,
    tickets: { total: 0, bySource: zeros(TICKET_SOURCES) },
    automatic: { decided: 0, automatic: 0, share: null },
    precision: { rated: 0, helpful: 0, precision: null },
    escalations: { total: 0, byReason: zeros(ESCALATION_REASONS) },
    times: { resolved: 0, firstResponse: NO_TIMES, resolution: NO_TIMES },
    sla: { met: 0, breached: 0, attainment: null },
  };
}

/** Every bucket of the range, in order, with what the rows say of it; rows outside the range are ignored. */
export function buildMetricsSeries(range: SeriesRange, rows: SeriesRows): MetricsSeries {
  const points = Array.from({ length: range.count }, (_, i) => emptyPoint(new Date(range.from.getTime() + i * range.bucketMs)));
  const at = (bucket: number): SeriesPoint | undefined => points[bucket];

  for (const row of rows.tickets) {
    const p = at(row.bucket);
    if (!p) continue;
    p.tickets.bySource[row.source] += row.count;
    p.tickets.total += row.count;
  }
  for (const row of rows.decisions) {
    const p = at(row.bucket);
    if (!p) continue;
    const decided = row.automatic + row.escalated;
    p.automatic = { decided, automatic: row.automatic, share: ratio(row.automatic, decided) };
  }
  for (const row of rows.ratings) {
    const p = at(row.bucket);
    if (p) p.precision = { rated: row.rated, helpful: row.helpful, precision: ratio(row.helpful, row.rated) };
  }
  for (const row of rows.escalations) {
    const p = at(row.bucket);
    if (!p) continue;
    p.escalations.byReason[row.reason] += row.count;
    p.escalations.total += row.count;
  }
  for (const row of rows.times) {
    const p = at(row.bucket);
    if (p) p.times = { resolved: row.resolved, firstResponse: row.firstResponse, resolution: row.resolution };
  }
  for (const row of rows.sla) {
    const p = at(row.bucket);
    if (p) p.sla = { met: row.met, breached: row.breached, attainment: ratio(row.met, row.met + row.breached) };
  }

  return { window: range.window, bucket: range.bucket, from: range.from, to: range.to, points, intents: intentVolume(rows.intents) };
}

function intentVolume(rows: SeriesRows['intents']): MetricsSeries['intents'] {
  const named = rows
    .flatMap((r) => (r.intent === null ? [] : [{ intent: r.intent, tickets: r.count }]))
    .sort((a, b) => b.tickets - a.tickets || (a.intent < b.intent ? -1 : 1));
  const top = named.slice(0, TOP_INTENTS);
  const other = named.slice(TOP_INTENTS).reduce((sum, r) => sum + r.tickets, 0);
  const unclassified = rows.reduce((sum, r) => sum + (r.intent === null ? r.count : 0), 0);
  return { top, other, unclassified };
}
