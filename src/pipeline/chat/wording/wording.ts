// What Firstline says in chat, the same on every platform; the adapters only add their formatting.
import type { EscalationReason } from '../../../domain/decide.js';
import type { IncidentSummary } from '../../../domain/incident.js';
import type { UrgentAlert } from '../../../domain/ports/alerts.js';
import { SLA_METRIC_LABELS } from './sla-wording.js';
import type { Metrics } from '../../../domain/metrics.js';
import type { SlaAttainment } from '../../../domain/sla-attainment.js';
import { SLA_METRICS } from '../../../sla/policy.js';
import type { TicketStatus } from '../../../domain/ticket.js';

export function escalationNotice(ticketNumber: number, reason: string | null): string {
  if (reason === 'incident') {
    return `This looks like a known issue, and our team is already on it. Ticket #${ticketNumber} is linked to it; we will reply here as soon as it is fixed.`;
  }
  return reason === 'customer_rejected'
    ? `Sorry that didn't help. Ticket #${ticketNumber} is now with our support team; a person will follow up here.`
    : `Ticket #${ticketNumber} is with our support team; a person will follow up here.`;
}

/** Over the suggested answer on the agents' post: "Suggested answer (answer confidence 93 %)". */
export const suggestionHeading = (answerConfidence: number | null): string =>
  answerConfidence === null ? 'Suggested answer' : `Suggested answer (answer confidence ${Math.round(answerConfidence * 100)} %)`;

/** Over the sections of the docs on the agents' post. */
export const DOCS_HEADING = 'From your docs';

/** One section on the agents' post: "Billing › Refunds (answer confidence 72 %)"; the adapter links the title. */
export const docsConfidence = (answerConfidence: number | null): string =>
  answerConfidence === null ? '' : ` (answer confidence ${Math.round(answerConfidence * 100)} %)`;

/** On the post of a ticket Firstline would have answered itself, had AUTO_RESOLVE_MODE been live. */
export const shadowModeNote = (escalationReason: EscalationReason | null): string | null =>
  escalationReason === 'shadow_mode'
    ? 'Firstline would have answered this itself (shadow mode); nothing was sent automatically. Sending the suggested answer unchanged counts as agreement.'
    : null;

/** On the post of a ticket grouped under an incident. */
export const incidentNote = (incidentNumber: number): string =>
  `Grouped under incident #${incidentNumber}: resolving the incident answers every linked ticket.`;

/** An incident's post for agents: what it is about and how many reports, the same on every platform. */
export function incidentSummary(incident: IncidentSummary): { title: string; facts: { label: string; value: string }[]; footer: string } {
  const shown = incident.ticketNumbers.map((n) => `#${n}`).join(', ');
  const more =
    incident.ticketCount > incident.ticketNumbers.length ? ` and ${incident.ticketCount - incident.ticketNumbers.length} more` : '';
  const resolved = incident.status === 'RESOLVED';
  return {
    title: `${resolved ? '✅' : '🔥'} Incident #${incident.number} · ${incident.ticketCount} report${incident.ticketCount === 1 ? '' : 's'}${resolved ? ' · resolved' : ''}`,
    facts: [
      { label: 'Waiting', value: String(incident.openTicketCount) },
      { label: 'Intent', value: incident.intent ?? 'unknown' },
      { label: 'Tickets', value: `${shown}${more}` },
    ],
    footer: resolved
      ? 'Every linked ticket was answered with the resolution.'
      : `New matching reports join this incident and are told it is a known issue. POST /incidents/${incident.id}/resolve answers them all.`,
  };
}

export const feedbackNote = (helpful: boolean): string =>
  helpful ? '✅ Marked as solved. Thanks!' : '🙋 A person from our team will follow up here.';

export const STATUS_LABELS: Partial<Record<TicketStatus, string>> = {
  ESCALATED: 'Waiting for an agent',
  IN_PROGRESS: 'Claimed',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
};

export const percent = (value: number | null): string => (value === null ? 'n/a' : `${Math.round(value * 100)}%`);

export function duration(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The admin metrics as label/value pairs, in the order both platforms show them. */
export function metricsFigures(m: Metrics): { label: string; value: string }[] {
  return [
    { label: 'Tickets', value: String(m.totals.tickets) },
    { label: 'Auto-resolved', value: percent(m.autoResolveRate) },
    { label: 'Escalated', value: percent(m.escalationRate) },
    { label: 'Open escalations', value: String(m.openEscalations) },
    { label: 'Median first response', value: duration(m.medianSecondsToFirstResponse) },
    { label: 'Median resolution', value: duration(m.medianSecondsToResolution) },
    { label: 'Satisfaction', value: `${percent(m.satisfaction.rate)} (${m.satisfaction.helpful} 👍 / ${m.satisfaction.notHelpful} 👎)` },
    { label: 'Failed deliveries', value: String(m.deliveryFailures) },
  ];
}

/** The footnote under the figures; `escape` makes intent names safe for the platform's markup. */
export function metricsFootnote(m: Metrics, escape: (text: string) => string): string {
  const top = Object.entries(m.totals.byIntent)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([intent, count]) => `${escape(intent)}: ${count}`)
    .join(', ');
  return `Resolutions: ${m.resolutions.verified} confirmed, ${m.resolutions.assumed} assumed · Top intents: ${top || 'none yet'}`;
}

/**
 * SLA attainment under the `/metrics` figures, one line: per metric over every priority, the share of
 * the window's timers that stopped in time, then the timers open past their target now. Null when
 * there is no timer at all (no SLA policy, or nothing has reached a person): nothing to report.
 */
export function slaAttainmentLine(table: readonly SlaAttainment[]): string | null {
  if (table.every((row) => row.met + row.breached + row.breachedOpen === 0)) return null;
  const perMetric = SLA_METRICS.map((metric) => {
    const rows = table.filter((row) => row.metric === metric);
    const met = rows.reduce((sum, row) => sum + row.met, 0);
    const stopped = met + rows.reduce((sum, row) => sum + row.breached, 0);
    const share = stopped === 0 ? 'n/a' : `${percent(met / stopped)} (${met} of ${stopped})`;
    return `${SLA_METRIC_LABELS[metric]} ${share}`;
  });
  const open = table.reduce((sum, row) => sum + row.breachedOpen, 0);
  return `SLA in time: ${perMetric.join(' · ')} · ${open} open past target`;
}

/** An urgent-ticket or SLA alert's title and facts, the same in Slack and Discord webhooks. */
export function alertSummary(alert: UrgentAlert): { title: string; facts: { label: string; value: string }[] } {
  if (alert.sla) {
    return {
      title: `⏰ SLA breached: ticket #${alert.ticketNumber} (${alert.priority}), ${SLA_METRIC_LABELS[alert.sla.metric].toLowerCase()} overdue by ${alert.sla.overdueMinutes} min`,
      facts: [
        { label: 'Status', value: STATUS_LABELS[alert.status] ?? alert.status },
        { label: 'Intent', value: alert.intent ?? 'none' },
        { label: 'From', value: alert.source.toLowerCase() },
      ],
    };
  }
  const outcome =
    alert.status === 'ESCALATED'
      ? `escalated (${alert.escalationReason ?? 'unknown'})`
      : alert.status === 'AUTO_RESOLVED'
        ? 'answered automatically'
        : (STATUS_LABELS[alert.status] ?? alert.status);
  return {
    title: `🚨 Urgent ticket #${alert.ticketNumber} (${alert.priority})`,
    facts: [
      { label: 'Urgency', value: alert.urgencyScore.toFixed(2) },
      { label: 'Status', value: outcome },
      { label: 'Intent', value: alert.intent ?? 'none' },
      { label: 'From', value: alert.source.toLowerCase() },
    ],
  };
}
