import type { MetricsWindow } from './metrics.js';
export const METRICS_WINDOWS = ['24h', '7d', '30d', 'all'] as const satisfies readonly MetricsWindow[];

const HOURS: Record<Exclude<MetricsWindow, 'all'>, number> = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 };

/** Start of the window, or null for all time. */
export function windowStart(window: MetricsWindow, now: Date): Date | null {
  return window === 'all' ? null : new Date(now.getTime() - HOURS[window] * 3_600_000);
}

/** An auto-resolved ticket with no negative feedback this long after resolution counts as resolved. */
export const ASSUMED_RESOLUTION_AFTER_MS = 24 * 3_600_000;
