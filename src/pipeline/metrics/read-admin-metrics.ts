// The admin metrics of one window as every admin view reads them (GET /admin/metrics, `/metrics` in
// Slack and Discord): the ticket figures, and SLA attainment per priority and metric (the timers that
// stopped in the window in time or late, and those still open past their target now). `scope`: one
// chat workspace's tickets only; absent: the whole deployment's.
import type { Metrics, MetricsScope, MetricsWindow } from '../../domain/metrics.js';
import { windowStart } from '../../domain/metrics-window.js';
import type { MetricsRepository } from '../../domain/ports/metrics.js';
import type { SlaRepository } from '../../domain/ports/sla.js';
import { slaAttainmentTable, type SlaAttainment } from '../../domain/sla-attainment.js';

export interface AdminMetricsDeps {
  metrics: Pick<MetricsRepository, 'compute'>;
  sla: Pick<SlaRepository, 'attainment' | 'countBreachedOpen'>;
}

export async function readAdminMetrics(
  deps: AdminMetricsDeps,
  window: MetricsWindow,
  now: Date,
  scope?: MetricsScope,
): Promise<{ metrics: Metrics; sla: SlaAttainment[] }> {
  const [metrics, stopped, breachedOpen] = await Promise.all([
    deps.metrics.compute(window, now, scope),
    deps.sla.attainment({ from: windowStart(window, now) ?? new Date(0), to: now }, scope),
    deps.sla.countBreachedOpen(scope),
  ]);
  return { metrics, sla: slaAttainmentTable(stopped, breachedOpen) };
}
