// What admins read in `/metrics` and `GET /admin/metrics`.
import type { ChatPlatform } from './ticket.js';

export type MetricsWindow = '24h' | '7d' | '30d' | 'all';

/** One chat workspace's tickets (a Slack workspace's or a Discord server's `/metrics`); absent: every ticket. */
export interface MetricsScope {
  platform: ChatPlatform;
  workspaceId: string;
}

export interface Metrics {
  window: MetricsWindow;
  since: Date | null;
  totals: {
    tickets: number;
    byStatus: Record<string, number>;
    bySource: Record<string, number>;
    byIntent: Record<string, number>;
  };
  autoResolveRate: number | null;
  escalationRate: number | null;
  resolutions: { verified: number; assumed: number };
  medianSecondsToFirstResponse: number | null;
  medianSecondsToResolution: number | null;
  satisfaction: { helpful: number; notHelpful: number; rate: number | null };
  openEscalations: number;
  /** Chat messages that could not be delivered after every retry, within the window. */
  deliveryFailures: number;
  /** How agents answered what shadow mode would have sent (see domain/shadow-agreement.ts). */
  shadow: ShadowAgreement;
}

/**
 * Over tickets escalated as `shadow_mode` that an agent has since answered: how many, how many
 * answers were the suggestion unchanged, and per threshold the share whose best candidate reached it
 * (coverage) and, of those, the share agents agreed with (precision; null when none reached it).
 */
export interface ShadowAgreement {
  tickets: number;
  agreed: number;
  byThreshold: { threshold: number; coverage: number | null; precision: number | null }[];
}
