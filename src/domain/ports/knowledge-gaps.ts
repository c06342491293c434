// Port of knowledge gaps: recent escalations no passage of the deployer's docs answered.
import type { EscalationReason } from '../decide.js';
import type { MetricsWindow } from '../metrics.js';
import type { TicketStatus } from '../ticket.js';

/**
 * The escalations that mean an answer was missing. The others (`urgent`, `customer_requested_human`,
 * `intent_requires_human`, `incident`, …) go to a person whatever the docs say, so they point at no gap.
 */
export const GAP_ESCALATION_REASONS = [
  'low_confidence',
  'no_reply_available',
  'unknown_intent',
] as const satisfies readonly EscalationReason[];

/** A ticket the docs did not answer. */
export interface GapTicket {
  id: string;
  number: number;
  message: string;
  createdAt: Date;
  status: TicketStatus;
  /** The best passage's answer confidence (below the decision's threshold), or null when no passage was a candidate. */
  bestPassageConfidence: number | null;
}

export interface KnowledgeGapsRepository {
  /**
   * Tickets created in the window (ending at `now`), newest first, at most `limit`: escalated for a
   * reason in GAP_ESCALATION_REASONS, still with a person or answered by one (ESCALATED, IN_PROGRESS,
   * or RESOLVED / CLOSED with an agent's answer), whose triage had no passage candidate or none at
   * the threshold its decision used.
   */
  listGapTickets(window: MetricsWindow, now: Date, limit: number): Promise<GapTicket[]>;
}
