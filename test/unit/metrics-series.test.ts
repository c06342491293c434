import { describe, expect, it } from 'vitest';
import {
  bucketCount,
  buildMetricsSeries,
  DEFAULT_BUCKET,
  MAX_SERIES_BUCKETS,
  SERIES_BUCKETS,
  SERIES_WINDOWS,
  seriesRange,
  type SeriesRows,
} from '../../src/domain/metrics-series.js';

const NO_ROWS: SeriesRows = { tickets: [], decisions: [], ratings: [], escalations: [], times: [], sla: [], intents: [] };

describe('seriesRange', () => {
  it('cuts 24 hours into the UTC hours from the one holding now − 24 h to the one holding now', () => {
    const range = seriesRange('24h', 'hour', new Date('2026-03-10T14:25:00Z'));
    expect(range.from.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(range.count).toBe(25);
  });

  it('starts days at UTC midnight', () => {
    const range = seriesRange('7d', 'day', new Date('2026-03-10T01:30:00Z'));
    expect(range.from.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-03-11T00:00:00.000Z');
    expect(range.count).toBe(8);
  });

  it('uses hours for a day and days for longer windows by default, and only 90 days by the hour passes the limit', () => {
    expect(DEFAULT_BUCKET).toEqual({ '24h': 'hour', '7d': 'day', '30d': 'day', '90d': 'day' });
    const tooMany = SERIES_WINDOWS.flatMap((w) => SERIES_BUCKETS.map((b) => [w, b] as const)).filter(
      ([w, b]) => bucketCount(w, b) > MAX_SERIES_BUCKETS,
    );
    expect(tooMany).toEqual([['90d', 'hour']]);
    expect(bucketCount('30d', 'hour')).toBe(721);
  });
});

describe('buildMetricsSeries', () => {
  // Four UTC hours, 09:00 to 13:00 on 10 March; the rows below are what the database counted per bucket index.
  const range = { window: '24h', bucket: 'hour', from: new Date('2026-03-10T09:00:00Z'), to: new Date('2026-03-10T13:00:00Z') } as const;
  const FOUR_HOURS = { ...range, bucketMs: 3_600_000, count: 4 };

  const rows: SeriesRows = {
    tickets: [
      { bucket: 0, source: 'API', count: 3 },
      { bucket: 0, source: 'SLACK', count: 2 },
      { bucket: 2, source: 'DISCORD', count: 1 },
    ],
    decisions: [
      { bucket: 0, automatic: 3, escalated: 1 },
      { bucket: 2, automatic: 0, escalated: 1 },
    ],
    ratings: [{ bucket: 1, rated: 4, helpful: 3 }],
    escalations: [
      { bucket: 0, reason: 'low_confidence', count: 1 },
      { bucket: 0, reason: 'customer_rejected', count: 1 },
      { bucket: 2, reason: 'urgent', count: 1 },
    ],
    times: [
      { bucket: 0, resolved: 3, firstResponse: { median: 2, p90: 5 }, resolution: { median: 2, p90: 5 } },
      { bucket: 3, resolved: 1, firstResponse: { median: null, p90: null }, resolution: { median: 7200, p90: 7200 } },
    ],
    sla: [{ bucket: 3, met: 3, breached: 1 }],
    intents: [],
  };
  const series = buildMetricsSeries(FOUR_HOURS, rows);
  const [nine, ten, eleven, twelve] = series.points;

  it('has every bucket in order, starting at its UTC hour', () => {
    expect(series.points.map((p) => p.start.toISOString())).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-10T10:00:00.000Z',
      '2026-03-10T11:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
    expect(series).toMatchObject({ window: '24h', bucket: 'hour', from: range.from, to: range.to });
  });

  it('fills an empty bucket with zeros for counts and nulls for shares and times', () => {
    const empty = buildMetricsSeries(FOUR_HOURS, NO_ROWS).points[1];
    expect(empty).toEqual({
      start: new Date('2026-03-10T10:00:00Z'),
      tickets: { total: 0, bySource: { API: 0, SLACK: 0, DISCORD: 0 } },
      automatic: { decided: 0, automatic: 0, share: null },
      precision: { rated: 0, helpful: 0, precision: null },
      escalations: {
        total: 0,
        byReason: {
          customer_requested_human: 0,
          urgent: 0,
          classifier_error: 0,
          invalid_confidence: 0,
          unknown_intent: 0,
          intent_requires_human: 0,
          invalid_threshold: 0,
          low_confidence: 0,
          no_reply_available: 0,
          pipeline_error: 0,
          customer_rejected: 0,
          incident: 0,
          delivery_failed: 0,
          shadow_mode: 0,
        },
      },
      times: { resolved: 0, firstResponse: { median: null, p90: null }, resolution: { median: null, p90: null } },
      sla: { met: 0, breached: 0, attainment: null },
    });
  });

  it('counts tickets per source with their total, every source present', () => {
    expect(nine!.tickets).toEqual({ total: 5, bySource: { API: 3, SLACK: 2, DISCORD: 0 } });
    expect(eleven!.tickets).toEqual({ total: 1, bySource: { API: 0, SLACK: 0, DISCORD: 1 } });
  });

  it('gives the automatic share of the decisions, zero rather than null when every one escalated', () => {
    expect(nine!.automatic).toEqual({ decided: 4, automatic: 3, share: 0.75 });
    expect(eleven!.automatic).toEqual({ decided: 1, automatic: 0, share: 0 });
    expect(ten!.automatic.share).toBeNull();
  });

  it('gives measured precision as helpful over rated, in the bucket the ratings came', () => {
    expect(ten!.precision).toEqual({ rated: 4, helpful: 3, precision: 0.75 });
    expect(nine!.precision.precision).toBeNull();
  });

  it('counts escalations by reason, with their total', () => {
    expect(nine!.escalations.total).toBe(2);
    expect(nine!.escalations.byReason).toMatchObject({ low_confidence: 1, customer_rejected: 1, urgent: 0 });
    expect(eleven!.escalations.byReason.urgent).toBe(1);
  });

  it('passes on the percentiles of the tickets resolved in the bucket, a missing first response as null', () => {
    expect(nine!.times).toEqual({ resolved: 3, firstResponse: { median: 2, p90: 5 }, resolution: { median: 2, p90: 5 } });
    expect(twelve!.times.firstResponse).toEqual({ median: null, p90: null });
    expect(twelve!.times.resolution.median).toBe(7200);
  });

  it('gives SLA attainment as met over stopped timers', () => {
    expect(twelve!.sla).toEqual({ met: 3, breached: 1, attainment: 0.75 });
    expect(nine!.sla.attainment).toBeNull();
  });

  it('ignores rows outside the range', () => {
    const outside = buildMetricsSeries(FOUR_HOURS, { ...NO_ROWS, tickets: [{ bucket: 4, source: 'API', count: 9 }] });
    expect(outside.points.map((p) => p.tickets.total)).toEqual([0, 0, 0, 0]);
  });
});

describe('intent volume over the window', () => {
  const build = (intents: SeriesRows['intents']) =>
    buildMetricsSeries({ ...seriesRange('24h', 'hour', new Date('2026-03-10T12:00:00Z')) }, { ...NO_ROWS, intents }).intents;

  it('names the ten most frequent intents, most first and ties by name, and sums the rest and the unclassified', () => {
    const intents = [
      ...Array.from({ length: 12 }, (_, i) => ({ intent: `intent_${String(i).padStart(2, '0')}`, count: 20 - i })),
      { intent: 'billing', count: 11 },
      { intent: null, count: 4 },
    ];
    const volume = build(intents);
    expect(volume.top.map((t) => `${t.intent} ${t.tickets}`)).toEqual([
      'intent_00 20',
      'intent_01 19',
      'intent_02 18',
      'intent_03 17',
      'intent_04 16',
      'intent_05 15',
      'intent_06 14',
      'intent_07 13',
      'intent_08 12',
      'billing 11',
    ]);
    // intent_09 (11, after billing by name), intent_10 (10), intent_11 (9).
    expect(volume.other).toBe(30);
    expect(volume.unclassified).toBe(4);
  });

  it('is empty with no tickets', () => {
    expect(build([])).toEqual({ top: [], other: 0, unclassified: 0 });
  });
});
