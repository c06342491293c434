// SLA attainment as admins read it (GET /admin/metrics, Prometheus): for every priority and metric, the
// timers that stopped in a window in time (met) or late (breached), the share met, and the timers still
// open past their target now. Every pair is listed, so a priority with no timers reads 0 and null
// rather than missing.
import { SLA_METRICS, type SlaMetric } from '../sla/policy.js';
import type { SlaAttainmentRow } from './ports/sla.js';
import { PRIORITIES, type Priority } from './ticket.js';

/** How a metric is named outside (JSON, Prometheus labels). */
export const SLA_METRIC_LABELS = {
  firstResponse: 'first_response',
  nextResponse: 'next_response',
  resolution: 'resolution',
} as const satisfies Record<SlaMetric, string>;

export interface SlaAttainment {
  priority: Priority;
  metric: SlaMetric;
  met: number;
  breached: number;
  /** met / (met + breached); null when no timer stopped in the window. */
  attainment: number | null;
  /** Timers still running past their target, whatever the window. */
  breachedOpen: number;
}

export function slaAttainmentTable(
  stopped: readonly SlaAttainmentRow[],
  breachedOpen: readonly { priority: Priority; metric: SlaMetric; count: number }[],
): SlaAttainment[] {
  const key = (priority: Priority, metric: SlaMetric) => `${priority}:${metric}`;
  const stoppedBy = new Map(stopped.map((row) => [key(row.priority, row.metric), row]));
  const openBy = new Map(breachedOpen.map((row) => [key(row.priority, row.metric), row.count]));
  return PRIORITIES.flatMap((priority) =>
    SLA_METRICS.map((metric) => {
      const row = stoppedBy.get(key(priority, metric));
      const met = row?.met ?? 0;
      const breached = row?.breached ?? 0;
      return {
        priority,
        metric,
        met,
        breached,
        attainment: met + breached === 0 ? null : met / (met + breached),
        breachedOpen: openBy.get(key(priority, metric)) ?? 0,
      };
    }),
  );
}
