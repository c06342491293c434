// What the API returns: snake_case JSON, described by zod for validation and the OpenAPI document.
import type { IncidentSummary } from '../domain/incident.js';
import { z } from 'zod';
import type { ApiKey } from '../domain/api-key.js';
import type { Feedback } from '../domain/feedback.js';
import type { Page } from '../domain/ports/tickets.js';
import type { TicketEvent } from '../domain/ticket-event.js';
import type { User } from '../domain/user.js';
import type { StoredSlaTimer } from '../domain/ports/sla.js';
import type { SlaMetric } from '../sla/policy.js';
import { SLA_METRIC_LABELS } from '../domain/sla-attainment.js';
import { PRIORITIES, RESPONSE_SOURCES, ROLES, TICKET_SOURCES, TICKET_STATUSES, URGENCIES, type Ticket } from '../domain/ticket.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const ZUserView = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    role: z.enum(ROLES),
    display_name: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'User' });

export const toUserView = (u: User): z.infer<typeof ZUserView> => ({
  id: u.id,
  email: u.email,
  role: u.role,
  display_name: u.displayName,
  created_at: u.createdAt.toISOString(),
});

export const ZSlaMetricName = z.enum(Object.values(SLA_METRIC_LABELS));
export const slaMetricName = (metric: SlaMetric): z.infer<typeof ZSlaMetricName> => SLA_METRIC_LABELS[metric];

export const ZSlaTimerView = z
  .object({
    metric: ZSlaMetricName,
    seq: z.number().int().meta({ description: '0, or the n-th next-response timer (one per customer follow-up)' }),
    state: z.enum(['running', 'at_risk', 'breached', 'met', 'paused']).meta({
      description: '`met`: stopped (see `breached` for in time or not); `paused`: waiting on the customer',
    }),
    breached: z.boolean().meta({ description: 'The target passed (before the stop, for a stopped timer)' }),
    target_minutes: z.number().int().meta({ description: 'The policy’s target, in business or calendar minutes' }),
    started_at: z.string(),
    at_risk_at: z.string().nullable(),
    due_at: z.string().nullable().meta({ description: 'When the target is reached, given no further pause; null while paused' }),
    stopped_at: z.string().nullable(),
  })
  .meta({ id: 'SlaTimer' });

export const toSlaTimerView = (t: StoredSlaTimer): z.infer<typeof ZSlaTimerView> => ({
  metric: slaMetricName(t.metric),
  seq: t.seq,
  state: t.state,
  breached: t.breached,
  target_minutes: t.targetMinutes,
  started_at: t.startedAt.toISOString(),
  at_risk_at: iso(t.atRiskAt),
  due_at: iso(t.dueAt),
  stopped_at: iso(t.stoppedAt),
});

export const ZTicketView = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    source: z.enum(TICKET_SOURCES),
    requester_id: z.uuid(),
    message: z.string(),
    status: z.enum(TICKET_STATUSES),
    intent: z.string().nullable(),
    confidence: z.number().nullable(),
    urgency: z.enum(URGENCIES),
    urgency_score: z.number().nullable().meta({ description: 'S in [0, 1], from explicit cues and negative sentiment' }),
    priority: z.enum(PRIORITIES),
    escalation_reason: z.string().nullable(),
    response: z.string().nullable(),
    response_source: z.enum(RESPONSE_SOURCES).nullable(),
    matched_ticket_id: z.uuid().nullable(),
    similarity: z.number().nullable(),
    solution_demoted_at: z
      .string()
      .nullable()
      .describe('Set when this answer drew "not helpful": it is not reused until an agent confirms it'),
    assignee_id: z.uuid().nullable(),
    offered_to_id: z.uuid().nullable().describe('While escalated and unclaimed: the agent it is offered to (skills and load)'),
    incident_id: z.uuid().nullable().describe('The master incident this ticket is grouped under'),
    created_at: z.string(),
    updated_at: z.string(),
    first_response_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    sla: z
      .array(ZSlaTimerView)
      .optional()
      .describe('Agents and admins only (absent for customers and API keys): the ticket’s SLA timers, as last checked'),
  })
  .meta({ id: 'Ticket' });

/** `sla`: the ticket's timers, given only for staff (a customer's view has no `sla` at all). */
export const toTicketView = (t: Ticket, sla?: readonly StoredSlaTimer[]): z.infer<typeof ZTicketView> => ({
  id: t.id,
  number: t.number,
  source: t.source,
  requester_id: t.requesterId,
  message: t.message,
  status: t.status,
  intent: t.intent,
  confidence: t.confidence,
  urgency: t.urgency,
  urgency_score: t.urgencyScore,
  priority: t.priority,
  escalation_reason: t.escalationReason,
  response: t.response,
  response_source: t.responseSource,
  matched_ticket_id: t.matchedTicketId,
  similarity: t.similarity,
  solution_demoted_at: iso(t.solutionDemotedAt),
  assignee_id: t.assigneeId,
  offered_to_id: t.status === 'ESCALATED' ? t.offeredToId : null,
  incident_id: t.incidentId,
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
  first_response_at: iso(t.firstResponseAt),
  resolved_at: iso(t.resolvedAt),
  closed_at: iso(t.closedAt),
  ...(sla ? { sla: sla.map(toSlaTimerView) } : {}),
});

export const ZTicketPage = z.object({ items: z.array(ZTicketView), next_cursor: z.string().nullable() }).meta({ id: 'TicketPage' });

/** `sla`: the timers of the page's tickets, for staff; without it no item has `sla`. */
export const toTicketPage = (page: Page<Ticket>, sla?: ReadonlyMap<string, readonly StoredSlaTimer[]>): z.infer<typeof ZTicketPage> => ({
  items: page.items.map((t) => toTicketView(t, sla && (sla.get(t.id) ?? []))),
  next_cursor: page.nextCursor,
});

export const ZTicketEventView = z
  .object({
    id: z.string(),
    type: z.string(),
    from_status: z.enum(TICKET_STATUSES).nullable(),
    to_status: z.enum(TICKET_STATUSES).nullable(),
    actor_type: z.enum(['SYSTEM', 'USER', 'API_KEY']),
    actor_id: z.string().nullable(),
    data: z.unknown(),
    created_at: z.string(),
  })
  .meta({ id: 'TicketEvent' });

export const toTicketEventView = (e: TicketEvent): z.infer<typeof ZTicketEventView> => ({
  id: e.id,
  type: e.type,
  from_status: e.fromStatus,
  to_status: e.toStatus,
  actor_type: e.actorType,
  actor_id: e.actorId,
  data: e.data,
  created_at: e.createdAt.toISOString(),
});

export const ZFeedbackView = z
  .object({
    id: z.uuid(),
    ticket_id: z.uuid(),
    user_id: z.uuid(),
    helpful: z.boolean(),
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Feedback' });

export const toFeedbackView = (f: Feedback): z.infer<typeof ZFeedbackView> => ({
  id: f.id,
  ticket_id: f.ticketId,
  user_id: f.userId,
  helpful: f.helpful,
  rating: f.rating,
  comment: f.comment,
  created_at: f.createdAt.toISOString(),
  updated_at: f.updatedAt.toISOString(),
});

export const ZApiKeyView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    created_by: z.uuid(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const toApiKeyView = (k: ApiKey): z.infer<typeof ZApiKeyView> => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  created_by: k.createdById,
  created_at: k.createdAt.toISOString(),
  last_used_at: iso(k.lastUsedAt),
  revoked_at: iso(k.revokedAt),
});

export const ZIncidentView = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    status: z.enum(['OPEN', 'RESOLVED']),
    title: z.string().describe('The message of its first report'),
    intent: z.string().nullable(),
    ticket_count: z.number().int(),
    open_ticket_count: z.number().int().describe('Linked tickets still waiting for a person'),
    ticket_numbers: z.array(z.number().int()).describe('The first linked tickets, oldest first (at most 20)'),
    response: z.string().nullable(),
    created_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .meta({ id: 'Incident' });

export const toIncidentView = (i: IncidentSummary): z.infer<typeof ZIncidentView> => ({
  id: i.id,
  number: i.number,
  status: i.status,
  title: i.title,
  intent: i.intent,
  ticket_count: i.ticketCount,
  open_ticket_count: i.openTicketCount,
  ticket_numbers: i.ticketNumbers,
  response: i.response,
  created_at: i.createdAt.toISOString(),
  resolved_at: iso(i.resolvedAt),
});
