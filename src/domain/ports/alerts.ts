// Ports of urgent alerts: the webhook sender and its queue.
import type { Priority, TicketStatus } from '../ticket.js';
import type { EscalationReason } from '../decide.js';
import type { SlaMetric } from '../../sla/policy.js';

/** What an urgent-ticket alert says (rendered per webhook format by the sender). */
export interface UrgentAlert {
  ticketNumber: number;
  priority: Priority;
  urgencyScore: number;
  /** Where the ticket stands after the pipeline: ESCALATED, or AUTO_RESOLVED under answer_and_alert. */
  status: TicketStatus;
  intent: string | null;
  escalationReason: EscalationReason | null;
  source: string;
  message: string;
  /** Set when an SLA target was breached and the escalation ladder calls the webhook. */
  sla?: { metric: SlaMetric; overdueMinutes: number };
}

/** Posts an alert to the configured webhook. Throws UndeliverableError when retrying cannot help. */
export interface AlertSender {
  send(alert: UrgentAlert): Promise<void>;
}

/** Alerts to post, one job per ticket: enqueuing a ticket twice alerts once. */
export interface AlertQueue {
  enqueue(ticketId: string): Promise<void>;
}

/** The alert webhook's queue for SLA breaches (the ladder's alert_webhook): one alert per timer and step. */
export interface SlaAlertQueue {
  enqueueSla(ticketId: string, sla: { metric: SlaMetric; seq: number; stepKey: string; overdueMinutes: number }): Promise<void>;
}
