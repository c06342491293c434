// Urgent tickets (S ≥ URGENT_THRESHOLD) are posted once to the alert webhook, after the pipeline has
// decided them. The alert rides its own queue: a failing webhook is retried there and never holds up
// or fails a ticket. An `alerted` event on the ticket makes a re-run (a crash after the post) a no-op.
import type { AlertQueue, AlertSender, UrgentAlert } from '../../domain/ports/alerts.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import type { Ticket } from '../../domain/ticket.js';
import type { Logger } from 'pino';
import type { SlaMetric } from '../../sla/policy.js';

export const isUrgent = (ticket: Pick<Ticket, 'urgencyScore'>, urgentThreshold: number): boolean =>
  ticket.urgencyScore !== null && ticket.urgencyScore >= urgentThreshold;

/** Queues the ticket's alert; a queue failure is logged, never thrown into the pipeline. */
export async function queueUrgentAlert(deps: { alerts?: AlertQueue | undefined; log: Logger }, ticketId: string): Promise<void> {
  if (!deps.alerts) return;
  try {
    await deps.alerts.enqueue(ticketId);
  } catch (err) {
    deps.log.error({ err, ticketId }, 'could not queue the urgent alert');
  }
}

export function alertOf(ticket: Ticket): UrgentAlert {
  return {
    ticketNumber: ticket.number,
    priority: ticket.priority,
    urgencyScore: ticket.urgencyScore ?? 0,
    status: ticket.status,
    intent: ticket.intent,
    escalationReason: ticket.escalationReason,
    source: ticket.source,
    message: ticket.message,
  };
}

export async function sendUrgentAlert(
  deps: { tickets: TicketRepository; sender: AlertSender },
  ticketId: string,
): Promise<'sent' | 'already_sent' | 'not_found'> {
  const ticket = await deps.tickets.findById(ticketId);
  if (!ticket) return 'not_found';
  const events = await deps.tickets.listEvents(ticketId);
  if (events.some((e) => e.type === 'alerted' && !isSlaAlert(e.data))) return 'already_sent';
  await deps.sender.send(alertOf(ticket));
  await deps.tickets.appendEvent(ticketId, {
    type: 'alerted',
    actor: { kind: 'system' },
    data: { priority: ticket.priority, urgencyScore: ticket.urgencyScore },
  });
  return 'sent';
}

export interface SlaAlertStep {
  metric: SlaMetric;
  seq: number;
  stepKey: string;
  overdueMinutes: number;
}

/** An SLA breach's alert (the escalation ladder's alert_webhook), once per timer and step. */
export async function sendSlaAlert(
  deps: { tickets: TicketRepository; sender: AlertSender },
  ticketId: string,
  step: SlaAlertStep,
): Promise<'sent' | 'already_sent' | 'not_found'> {
  const ticket = await deps.tickets.findById(ticketId);
  if (!ticket) return 'not_found';
  const events = await deps.tickets.listEvents(ticketId);
  if (events.some((e) => e.type === 'alerted' && isSameStep(e.data, step))) return 'already_sent';
  await deps.sender.send({ ...alertOf(ticket), sla: { metric: step.metric, overdueMinutes: step.overdueMinutes } });
  await deps.tickets.appendEvent(ticketId, {
    type: 'alerted',
    actor: { kind: 'system' },
    data: { sla: { metric: step.metric, seq: step.seq, step: step.stepKey } },
  });
  return 'sent';
}

const isSlaAlert = (data: unknown): boolean => typeof data === 'object' && data !== null && 'sla' in data;

function isSameStep(data: unknown, step: SlaAlertStep): boolean {
  const sla = typeof data === 'object' && data !== null ? (data as { sla?: unknown }).sla : undefined;
  if (typeof sla !== 'object' || sla === null) return false;
  const { metric, seq, step: key } = sla as Record<string, unknown>;
  return metric === step.metric && seq === step.seq && key === step.stepKey;
}
