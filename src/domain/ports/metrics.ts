// Port of the admin metrics.
import type { Metrics, MetricsWindow } from '../metrics.js';

export interface MetricsRepository {
  compute(window: MetricsWindow, now: Date): Promise<Metrics>;
}
