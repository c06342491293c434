// Port of the admin metrics.
import type { ChatPlatform } from '../ticket.js';
import type { Metrics, MetricsWindow } from '../metrics.js';

export interface MetricsRepository {
  /** `scope`: one workspace's tickets only; absent: every ticket. */
  compute(window: MetricsWindow, now: Date, scope?: { platform: ChatPlatform; workspaceId: string }): Promise<Metrics>;
}
