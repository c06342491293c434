// The dashboard's charts from a window's series (domain/metrics-series.ts): for each, an SVG, a
// one-sentence summary of the window (the figure's caption, also the SVG's accessible name) and the
// same numbers as a table. Deterministic: the same series gives the same charts.
import { ESCALATION_REASONS } from '../../../domain/decide.js';
import type { MetricsSeries, Percentiles, SeriesPoint } from '../../../domain/metrics-series.js';
import { TICKET_SOURCES } from '../../../domain/ticket.js';
import type { EChartsCoreOption } from 'echarts';
import { CHART_SIZE, lineOption, rankedBarOption, stackedBarOption, type NamedValues } from './chart-options.js';
import { renderChartSvg } from './echarts-svg.js';

export interface ChartTable {
  columns: string[];
  rows: string[][];
}

export interface DashboardChart {
  id: string;
  title: string;
  summary: string;
  svg: string;
  table: ChartTable;
}

const pad = (n: number) => String(n).padStart(2, '0');
const SOURCE_NAMES: Record<string, string> = { API: 'API', SLACK: 'Slack', DISCORD: 'Discord' };
const label = (value: string) => {
  if (SOURCE_NAMES[value]) return SOURCE_NAMES[value];
  const words = value.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const pctAxis = (x: number) => `${Math.round(x * 100)} %`;
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const sum = (points: SeriesPoint[], of: (p: SeriesPoint) => number) => points.reduce((s, p) => s + of(p), 0);

/** Axis labels short (hours or days), table labels whole (UTC). */
function bucketLabels(series: MetricsSeries): { axis: string[]; table: string[] } {
  const isHour = series.bucket === 'hour';
  const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return {
    axis: series.points.map((p) => (isHour ? `${pad(p.start.getUTCHours())}:00` : day(p.start).slice(5))),
    table: series.points.map((p) => (isHour ? `${day(p.start)} ${pad(p.start.getUTCHours())}:00 UTC` : day(p.start))),
  };
}

function chart(id: string, title: string, summary: string, option: EChartsCoreOption, table: ChartTable): DashboardChart {
  return { id, title, summary, svg: renderChartSvg(option, CHART_SIZE, `${id}-caption`), table };
}

function automaticAndPrecision(series: MetricsSeries, labels: { axis: string[]; table: string[] }, span: string): DashboardChart {
  const pts = series.points;
  const [decided, automatic, rated, helpful] = [
    sum(pts, (p) => p.automatic.decided),
    sum(pts, (p) => p.automatic.automatic),
    sum(pts, (p) => p.precision.rated),
    sum(pts, (p) => p.precision.helpful),
  ];
  const summary =
    `Over ${span}, ${pct(ratio(automatic, decided))} of decisions were answered automatically (${automatic} of ${decided}); ` +
    `measured precision from ratings was ${pct(ratio(helpful, rated))} (${helpful} helpful of ${rated} rated).`;
  const lines: NamedValues[] = [
    { name: 'Automatic share', values: pts.map((p) => p.automatic.share) },
    { name: 'Precision', values: pts.map((p) => p.precision.precision) },
  ];
  return chart(
    'automatic',
    'Automatic share and measured precision',
    summary,
    lineOption(labels.axis, lines, { name: 'share', format: pctAxis, max: 1 }),
    {
      columns: ['Bucket', 'Decisions', 'Automatic', 'Automatic share', 'Rated', 'Helpful', 'Precision'],
      rows: pts.map((p, i) => [
        labels.table[i]!,
        String(p.automatic.decided),
        String(p.automatic.automatic),
        pct(p.automatic.share),
        String(p.precision.rated),
        String(p.precision.helpful),
        pct(p.precision.precision),
      ]),
    },
  );
}

/** Stacked counts per key, naming only the keys that occur in the window. */
function countsByKey<K extends string>(
  id: string,
  title: string,
  keys: readonly K[],
  of: (p: SeriesPoint) => Record<K, number>,
  what: string,
) {
  return (series: MetricsSeries, labels: { axis: string[]; table: string[] }, span: string): DashboardChart => {
    const pts = series.points;
    const totals = keys.map((k) => ({ key: k, total: sum(pts, (p) => of(p)[k]) })).filter((t) => t.total > 0);
    totals.sort((a, b) => b.total - a.total);
    const all = totals.reduce((s, t) => s + t.total, 0);
    const summary =
      all === 0
        ? `No ${what} over ${span}.`
        : `${all} ${what} over ${span}: ${totals.map((t) => `${label(t.key)} ${t.total}`).join(', ')}.`;
    const bars = totals.map((t) => ({ name: label(t.key), values: pts.map((p) => of(p)[t.key]) }));
    return chart(id, title, summary, stackedBarOption(labels.axis, bars, { name: what, format: String }), {
      columns: ['Bucket', ...totals.map((t) => label(t.key)), 'Total'],
      rows: pts.map((p, i) => [
        labels.table[i]!,
        ...totals.map((t) => String(of(p)[t.key])),
        String(totals.reduce((s, t) => s + of(p)[t.key], 0)),
      ]),
    });
  };
}

const escalationsByReason = countsByKey(
  'escalations',
  'Escalations by reason',
  ESCALATION_REASONS,
  (p) => p.escalations.byReason,
  'escalations',
);
const volumeBySource = countsByKey('sources', 'Volume by source', TICKET_SOURCES, (p) => p.tickets.bySource, 'tickets');

function volumeByIntent(series: MetricsSeries, span: string): DashboardChart {
  const { top, other, unclassified } = series.intents;
  const items = [
    ...top.map((t) => ({ name: t.intent, value: t.tickets })),
    ...(other > 0 ? [{ name: 'Other intents', value: other }] : []),
    ...(unclassified > 0 ? [{ name: 'Unclassified', value: unclassified }] : []),
  ];
  const total = items.reduce((s, i) => s + i.value, 0);
  const summary =
    total === 0
      ? `No tickets over ${span}.`
      : `${total} tickets over ${span}; the most frequent intent was ${top[0]?.intent ?? 'none'} (${top[0]?.tickets ?? 0}).`;
  return chart('intents', 'Volume by intent', summary, rankedBarOption(items, { name: 'tickets', format: String }), {
    columns: ['Intent', 'Tickets'],
    rows: items.map((i) => [i.name, String(i.value)]),
  });
}

/** Minutes when the slowest p90 is under three hours, hours otherwise. */
function durationUnit(values: (number | null)[]): { name: string; seconds: number } {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return max < 3 * 3600 ? { name: 'minutes', seconds: 60 } : { name: 'hours', seconds: 3600 };
}

function times(id: string, title: string, of: (p: SeriesPoint) => Percentiles, what: string) {
  return (series: MetricsSeries, labels: { axis: string[]; table: string[] }, span: string): DashboardChart => {
    const pts = series.points;
    const unit = durationUnit(pts.map((p) => of(p).p90));
    const inUnit = (s: number | null) => (s === null ? null : Number((s / unit.seconds).toFixed(1)));
    const fmt = (s: number | null) => (s === null ? '—' : `${inUnit(s)} ${unit.name}`);
    const measured = pts.filter((p) => of(p).median !== null);
    const resolved = sum(pts, (p) => p.times.resolved);
    const worst = measured.reduce<SeriesPoint | null>((w, p) => (w === null || (of(p).p90 ?? 0) > (of(w).p90 ?? 0) ? p : w), null);
    const summary =
      measured.length === 0
        ? `No tickets resolved over ${span}, so no ${what} to show.`
        : `${what} of the ${resolved} tickets resolved over ${span}: per-bucket medians from ${fmt(Math.min(...measured.map((p) => of(p).median!)))} ` +
          `to ${fmt(Math.max(...measured.map((p) => of(p).median!)))}; the highest p90 was ${fmt(of(worst!).p90)}.`;
    const lines = [
      { name: 'Median', values: pts.map((p) => inUnit(of(p).median)) },
      { name: 'p90', values: pts.map((p) => inUnit(of(p).p90)) },
    ];
    return chart(id, title, summary, lineOption(labels.axis, lines, { name: unit.name, format: String }), {
      columns: ['Bucket', 'Resolved', 'Median', 'p90'],
      rows: pts.map((p, i) => [labels.table[i]!, String(p.times.resolved), fmt(of(p).median), fmt(of(p).p90)]),
    });
  };
}

const firstResponse = times('first-response', 'First-response time', (p) => p.times.firstResponse, 'First-response times');
const resolution = times('resolution', 'Resolution time', (p) => p.times.resolution, 'Resolution times');

function slaAttainment(series: MetricsSeries, labels: { axis: string[]; table: string[] }, span: string): DashboardChart {
  const pts = series.points;
  const [met, breached] = [sum(pts, (p) => p.sla.met), sum(pts, (p) => p.sla.breached)];
  const summary =
    met + breached === 0
      ? `No SLA timer stopped over ${span}.`
      : `Over ${span}, ${pct(ratio(met, met + breached))} of SLA timers were met (${met} met, ${breached} breached).`;
  return chart(
    'sla',
    'SLA attainment',
    summary,
    lineOption(labels.axis, [{ name: 'Attainment', values: pts.map((p) => p.sla.attainment) }], { name: 'met', format: pctAxis, max: 1 }),
    {
      columns: ['Bucket', 'Met', 'Breached', 'Attainment'],
      rows: pts.map((p, i) => [labels.table[i]!, String(p.sla.met), String(p.sla.breached), pct(p.sla.attainment)]),
    },
  );
}

const SPAN: Record<MetricsSeries['window'], string> = {
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
  '90d': 'the last 90 days',
};

export function dashboardCharts(series: MetricsSeries): DashboardChart[] {
  const labels = bucketLabels(series);
  const span = SPAN[series.window];
  return [
    automaticAndPrecision(series, labels, span),
    escalationsByReason(series, labels, span),
    volumeBySource(series, labels, span),
    volumeByIntent(series, span),
    firstResponse(series, labels, span),
    resolution(series, labels, span),
    slaAttainment(series, labels, span),
  ];
}
