// SLA gauges for GET /metrics, read from the database at scrape time (one grouped query each), so every
// process reports the same figures: take max() or one instance's series, not sum(), across processes.
import { Gauge, type Registry } from 'prom-client';
import type { SlaRepository } from '../../domain/ports/sla.js';
import { SLA_METRIC_LABELS, slaAttainmentTable, type SlaAttainment } from '../../domain/sla-attainment.js';

/** The window `firstline_sla_timers` counts stopped timers over. */
export const SLA_GAUGE_WINDOW_MS = 24 * 3_600_000;

export function registerSlaGauges(
  registry: Registry,
  sla: Pick<SlaRepository, 'attainment' | 'countBreachedOpen'>,
  now: () => Date = () => new Date(),
): void {
  const labels = (row: SlaAttainment) => ({ priority: row.priority, metric: SLA_METRIC_LABELS[row.metric] });
  new Gauge({
    name: 'firstline_sla_timers',
    help: 'SLA timers that stopped in the last 24 hours, by priority, metric and outcome (met: within the target; breached: past it).',
    labelNames: ['priority', 'metric', 'outcome'] as const,
    registers: [registry],
    async collect() {
      const to = now();
      // A database outage leaves these series out of the scrape rather than failing every other one.
      const stopped = await sla.attainment({ from: new Date(to.getTime() - SLA_GAUGE_WINDOW_MS), to }).catch(() => null);
      this.reset();
      if (!stopped) return;
      for (const row of slaAttainmentTable(stopped, [])) {
        this.set({ ...labels(row), outcome: 'met' }, row.met);
        this.set({ ...labels(row), outcome: 'breached' }, row.breached);
      }
    },
  });
  new Gauge({
    name: 'firstline_sla_breached_open',
    help: 'SLA timers still running past their target, by priority and metric.',
    labelNames: ['priority', 'metric'] as const,
    registers: [registry],
    async collect() {
      const open = await sla.countBreachedOpen().catch(() => null);
      this.reset();
      if (!open) return;
      for (const row of slaAttainmentTable([], open)) this.set(labels(row), row.breachedOpen);
    },
  });
}
