// The dashboard (admins, as GET /admin/metrics/series and /admin/knowledge-gaps): a window's figures
// over time as charts rendered to SVG here (charts/dashboard-charts.ts), each with its data table,
// and the window's knowledge gaps. The same repository calls as the API routes.
//
// Over 100,000 tickets a window's figures took about half a second to make (the series' grouped
// scans, the gap read and its grouping, seven ECharts renders), every reload: they are kept for
// DASHBOARD_CACHE_SECONDS per window (figures-cache.ts) and the page says when they were read. The
// API routes always read afresh.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { DEFAULT_BUCKET, SERIES_WINDOWS, buildMetricsSeries, seriesRange, type SeriesWindow } from '../../../domain/metrics-series.js';
import type { MetricsWindow } from '../../../domain/metrics.js';
import { groupKnowledgeGaps } from '../../../pipeline/knowledge/knowledge-gaps.js';
import type { HttpDeps } from '../../deps.js';
import { dashboardCharts } from '../charts/dashboard-charts.js';
import { figuresCache } from '../figures-cache.js';
import { renderPage } from '../render.js';

export const ZDashboardQuery = z.strictObject({ window: z.enum(SERIES_WINDOWS).default('7d') });

/** Gap tickets read per page, as GET /admin/knowledge-gaps reads them. */
const GAP_TICKETS_READ = 2000;
const GAP_GROUPS_SHOWN = 20;
const DAY_MS = 86_400_000;

/** The gap list has no 90-day window: 90d reads all time (newest first) and keeps the last 90 days. */
const GAP_WINDOW: Record<SeriesWindow, MetricsWindow> = { '24h': '24h', '7d': '7d', '30d': '30d', '90d': 'all' };

export function dashboardRoutes(deps: HttpDeps) {
  async function knowledgeGaps(window: SeriesWindow, now: Date) {
    const read = await deps.knowledgeGaps.listGapTickets(GAP_WINDOW[window], now, GAP_TICKETS_READ);
    const since = now.getTime() - 90 * DAY_MS;
    const tickets = window === '90d' ? read.filter((t) => t.createdAt.getTime() >= since) : read;
    const groups = groupKnowledgeGaps(tickets);
    return {
      tickets: tickets.length,
      truncated: read.length === GAP_TICKETS_READ,
      groups: groups.slice(0, GAP_GROUPS_SHOWN),
      more: Math.max(0, groups.length - GAP_GROUPS_SHOWN),
    };
  }

  async function readFigures(window: SeriesWindow) {
    const now = new Date();
    const range = seriesRange(window, DEFAULT_BUCKET[window], now);
    const [rows, gaps] = await Promise.all([deps.metrics.series(range), knowledgeGaps(window, now)]);
    const series = buildMetricsSeries(range, rows);
    return { series, charts: dashboardCharts(series), gaps };
  }

  const figures = figuresCache({
    ttlMs: deps.config.http.dashboardCacheSeconds * 1000,
    maxKeys: SERIES_WINDOWS.length,
    read: readFigures,
  });

  return async function dashboardPages(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request) => {
      if (request.consoleUser?.role !== 'ADMIN') throw new AppError('forbidden', { message: 'The dashboard is for admins.' });
    });

    app.get('/dashboard', { schema: { hide: true } }, async (request, reply) => {
      const { window } = ZDashboardQuery.parse(request.query);
      const { value, readAt } = await figures(window);
      return renderPage(reply, 'dashboard.eta', {
        title: 'Dashboard',
        section: 'dashboard',
        window,
        windows: SERIES_WINDOWS,
        ...value,
        readAt,
        keptSeconds: deps.config.http.dashboardCacheSeconds,
      });
    });
  };
}
