// Port of the admin metrics.
import type { Metrics, MetricsScope, MetricsWindow } from '../metrics.js';
import type { SeriesRange, SeriesRows } from '../metrics-series.js';

export interface MetricsRepository {
  /** `scope`: one workspace's tickets only; absent: every ticket. */
  compute(window: MetricsWindow, now: Date, scope?: MetricsScope): Promise<Metrics>;
  /** The dashboard's per-bucket counts over the range (domain/metrics-series.ts says what each is), grouped in the database. */
  series(range: SeriesRange): Promise<SeriesRows>;
}
