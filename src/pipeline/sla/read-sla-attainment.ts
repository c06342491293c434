// SLA attainment over a metrics window, as every admin view reads it (GET /admin/metrics, chat
// `/metrics`): per priority and metric, the timers that stopped in the window in time or late, and
// those still open past their target now.
import type { MetricsScope, MetricsWindow } from '../../domain/metrics.js';
import { windowStart } from '../../domain/metrics-window.js';
import type { SlaRepository } from '../../domain/ports/sla.js';
import { slaAttainmentTable, type SlaAttainment } from '../../domain/sla-attainment.js';

export async function readSlaAttainment(
  sla: Pick<SlaRepository, 'attainment' | 'countBreachedOpen'>,
  window: MetricsWindow,
  now: Date,
  scope?: MetricsScope,
): Promise<SlaAttainment[]> {
  const [stopped, breachedOpen] = await Promise.all([
    sla.attainment({ from: windowStart(window, now) ?? new Date(0), to: now }, scope),
    sla.countBreachedOpen(scope),
  ]);
  return slaAttainmentTable(stopped, breachedOpen);
}
