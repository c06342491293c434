import { describe, expect, it } from 'vitest';
import { buildMetricsSeries, seriesRange, type SeriesRows, type SeriesWindow } from '../../src/domain/metrics-series.js';
import { legendRows, stackedBarOption } from '../../src/http/console/charts/chart-options.js';
import { dashboardCharts } from '../../src/http/console/charts/dashboard-charts.js';
import { withoutInlineStyles, withoutScriptMarks } from '../../src/http/console/charts/echarts-svg.js';

const NOW = new Date('2026-12-01T12:30:00Z');

function rowsFor(count: number): SeriesRows {
  const each = <T>(f: (i: number) => T) => Array.from({ length: count }, (_, i) => f(i));
  const pick = <T>(values: readonly T[], i: number): T => values[i % values.length]!;
  return {
    tickets: each((i) => ({ bucket: i, source: pick(['API', 'SLACK', 'DISCORD'] as const, i), count: 5 + (i % 4) })),
    decisions: each((i) => ({ bucket: i, automatic: 3, escalated: 1 + (i % 2) })),
    ratings: each((i) => ({ bucket: i, rated: 4, helpful: 3 })),
    escalations: each((i) => ({ bucket: i, reason: pick(['low_confidence', 'urgent'] as const, i), count: 2 })),
    times: each((i) => ({
      bucket: i,
      resolved: 2,
      firstResponse: { median: 600, p90: 1200 + i },
      resolution: { median: 7200, p90: 14_400 },
    })),
    intents: [
      { intent: 'billing', count: 40 },
      { intent: 'login', count: 12 },
      { intent: null, count: 5 },
    ],
    sla: each((i) => ({ bucket: i, met: 3, breached: i % 2 })),
  };
}

const seriesOf = (window: SeriesWindow, rows?: SeriesRows) => {
  const range = seriesRange(window, window === '24h' ? 'hour' : 'day', NOW);
  return buildMetricsSeries(range, rows ?? rowsFor(range.count));
};

describe('dashboard charts', () => {
  it('draws the seven charts as SVG named by their caption, without inline styles the CSP would block', () => {
    const charts = dashboardCharts(seriesOf('7d'));
    expect(charts.map((c) => c.id)).toEqual(['automatic', 'escalations', 'sources', 'intents', 'first-response', 'resolution', 'sla']);
    for (const c of charts) {
      expect(c.svg).toMatch(new RegExp(`^<svg width="100%" role="img" aria-labelledby="${c.id}-caption"`));
      expect(c.svg).toContain('viewBox="0 0 760 300"');
      expect(c.svg).not.toMatch(/\sstyle="/);
      expect(c.svg).not.toContain('<style');
      expect(c.svg).not.toMatch(/ecmeta_|zr\d+-cls-/);
    }
  });

  it('tells series apart without colour: patterns on bars, a marker and a name per line, a legend', () => {
    const [automatic, escalations, sources] = dashboardCharts(seriesOf('24h'));
    expect(escalations!.svg).toContain('<pattern');
    expect(sources!.svg).toContain('<pattern');
    // Legend entries and end labels name the series in the picture itself.
    expect(automatic!.svg.match(/>Automatic share</g)?.length).toBeGreaterThanOrEqual(2);
    expect(automatic!.svg.match(/>Precision</g)?.length).toBeGreaterThanOrEqual(2);
    expect(escalations!.svg).toContain('>Low confidence<');
    expect(sources!.svg).toContain('>Discord<');
  });

  it('summarises the window in words and puts every bucket in the data table', () => {
    const series = seriesOf('24h');
    const [automatic, escalations, sources, intents, firstResponse, , sla] = dashboardCharts(series);
    // 25 hours: 75 automatic of 75 + 37 escalated (odd buckets have 2).
    expect(automatic!.summary).toBe(
      'Over the last 24 hours, 67.0 % of decisions were answered automatically (75 of 112); measured precision from ratings was 75.0 % (75 helpful of 100 rated).',
    );
    expect(automatic!.table.rows).toHaveLength(25);
    expect(automatic!.table.rows[0]).toEqual(['2026-11-30 12:00 UTC', '4', '3', '75.0 %', '4', '3', '75.0 %']);
    expect(escalations!.summary).toBe('50 escalations over the last 24 hours: Low confidence 26, Urgent 24.');
    expect(escalations!.table.columns).toEqual(['Bucket', 'Low confidence', 'Urgent', 'Total']);
    expect(sources!.table.columns).toEqual(['Bucket', 'API', 'Slack', 'Discord', 'Total']);
    expect(intents!.table.rows).toEqual([
      ['billing', '40'],
      ['login', '12'],
      ['Unclassified', '5'],
    ]);
    expect(firstResponse!.table.rows[0]).toEqual(['2026-11-30 12:00 UTC', '2', '10 minutes', '20 minutes']);
    expect(sla!.summary).toBe('Over the last 24 hours, 86.2 % of SLA timers were met (75 met, 12 breached).');
  });

  it('says so when the window is empty, and leaves unmeasured buckets blank rather than zero', () => {
    const empty: SeriesRows = { tickets: [], decisions: [], ratings: [], escalations: [], times: [], intents: [], sla: [] };
    const charts = dashboardCharts(seriesOf('24h', empty));
    expect(charts[1]!.summary).toBe('No escalations over the last 24 hours.');
    expect(charts[4]!.summary).toBe('No tickets resolved over the last 24 hours, so no First-response times to show.');
    expect(charts[6]!.summary).toBe('No SLA timer stopped over the last 24 hours.');
    expect(charts[0]!.table.rows[0]).toEqual(['2026-11-30 12:00 UTC', '0', '0', '—', '0', '0', '—']);
  });

  it('draws the 90-day window by day, one table row a day', () => {
    const charts = dashboardCharts(seriesOf('90d'));
    expect(charts).toHaveLength(7);
    // Every chart over time has a row a day; volume by intent (the fourth) has one per intent.
    const overTime = charts.filter((_, index) => index !== 3);
    for (const chart of overTime) expect(chart.table.rows).toHaveLength(91);
    expect(charts[3]!.table.rows.map((row) => row[0])).toEqual(['billing', expect.any(String), expect.any(String)]);
  });
});

describe('withoutInlineStyles', () => {
  it('turns style declarations into SVG attributes, replacing ones already set, and drops <style> elements', () => {
    const svg =
      '<svg><style>.a{cursor:pointer}</style><text fill="#000" style="font-size:12px;font-family:sans-serif;fill:#333;cursor:pointer" x="1">a</text></svg>';
    expect(withoutInlineStyles(svg)).toBe('<svg><text font-size="12px" font-family="sans-serif" fill="#333" x="1">a</text></svg>');
  });
});

describe('withoutScriptMarks', () => {
  it('drops the hydration attributes and the classes only the removed <style> used, keeping pattern fills', () => {
    const svg =
      '<path d="M0 0Z" fill="#D55E00" ecmeta_series_index="1" ecmeta_data_index="5" ecmeta_ssr_type="chart" class="zr1-cls-7"></path><path d="M0 0Z" fill="url(#zr1-p1)" class="zr1-cls-5"></path>';
    expect(withoutScriptMarks(svg)).toBe('<path d="M0 0Z" fill="#D55E00"></path><path d="M0 0Z" fill="url(#zr1-p1)"></path>');
  });
});

describe('chart layout', () => {
  const axis = { name: 'escalations', format: String };
  const reasons = ['Urgent', 'Customer requested human', 'Unknown intent', 'Low confidence', 'No reply available', 'Intent requires human'];

  it('counts the rows a legend wraps to, so the plot starts below it', () => {
    expect(legendRows(['API', 'Slack', 'Discord'])).toBe(1);
    expect(legendRows(reasons)).toBe(2);
    const one = stackedBarOption(['12-01'], [{ name: 'API', values: [1] }], axis) as { grid: { top: number } };
    const two = stackedBarOption(
      ['12-01'],
      reasons.map((name) => ({ name, values: [1] })),
      axis,
    ) as { grid: { top: number } };
    expect(two.grid.top).toBeGreaterThan(one.grid.top);
  });

  it('draws stacked bars as one path per series, not one per bar: 90 daily buckets stay light', () => {
    const escalations = dashboardCharts(seriesOf('90d')).find((c) => c.id === 'escalations')!;
    const bars = escalations.table.rows.length;
    expect(bars).toBe(91);
    expect(escalations.svg.match(/<path/g)!.length).toBeLessThan(bars);
  });
});
