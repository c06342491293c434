// What travels on the queues: ids and small facts only, validated on both sides.
import { z } from 'zod';
import type { Delivery } from '../../domain/ports/chat.js';
import { isEventKey, type EventKey } from '../../domain/ticket-event.js';
import { CHAT_PLATFORMS, TICKET_STATUSES } from '../../domain/ticket.js';
import { SLA_METRICS } from '../../sla/policy.js';

export const TRIAGE_QUEUE = 'triage';

export const ZTriageJob = z.object({ ticketId: z.uuid() });
export type TriageJob = z.infer<typeof ZTriageJob>;

/** Outcomes for chat adapters to deliver (see OutcomePublisher). */
export const OUTCOME_QUEUE = 'outcomes';

/** One of the closed list of event keys (domain/ticket-event.ts); a job with any other is refused. */
const ZEventKey = z.custom<EventKey>((value) => typeof value === 'string' && isEventKey(value), 'unknown event key');

export const ZOutcomeJob = z.object({
  ticketId: z.uuid(),
  status: z.enum(TICKET_STATUSES),
  eventKey: ZEventKey,
  incidentId: z.uuid().optional(),
});
export type OutcomeJob = z.infer<typeof ZOutcomeJob>;

/** Outbound chat messages, one job each (see DeliveryQueue). */
export const DELIVERY_QUEUE = 'deliveries';

const ZPlatform = z.enum(CHAT_PLATFORMS);

/** A ladder step's key (sla/policy.ts ladderStepKey): "at_risk", "breached", "breached_for:30". */
const ZSlaStepKey = z.string().regex(/^[a-z_]+(?::\d+)?$/, 'not a ladder step key');

export const ZDeliveryJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), ticketId: z.uuid(), platform: ZPlatform }),
  z.object({ kind: z.literal('customer'), ticketId: z.uuid(), platform: ZPlatform, eventKey: ZEventKey, status: z.enum(TICKET_STATUSES) }),
  z.object({ kind: z.literal('agents'), ticketId: z.uuid(), platform: ZPlatform, eventKey: ZEventKey }),
  z.object({ kind: z.literal('relay'), ticketId: z.uuid(), platform: ZPlatform, messageId: z.uuid() }),
  z.object({ kind: z.literal('incident'), ticketId: z.uuid(), platform: ZPlatform, eventKey: ZEventKey, incidentId: z.uuid() }),
  z.object({
    kind: z.literal('sla'),
    ticketId: z.uuid(),
    platform: ZPlatform,
    metric: z.enum(SLA_METRICS),
    seq: z.number().int().nonnegative(),
    stepKey: ZSlaStepKey,
    stage: z.enum(['at_risk', 'breached', 'still_breached']),
    minutesOver: z.number().nonnegative().nullable(),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    mentionAssignee: z.boolean(),
    onCallGroupId: z.string().min(1).max(64).nullable(),
  }),
]);
export type DeliveryJob = z.infer<typeof ZDeliveryJob> & {
  /** How many times the platform has said "slow down" to this delivery. */
  rateLimited?: number;
};

/** One job per delivery: the same delivery enqueued twice is made once. BullMQ ids may not contain ":". */
export function deliveryJobId(delivery: Delivery): string {
  switch (delivery.kind) {
    case 'header':
      return `${delivery.ticketId}-header`;
    case 'customer':
      return `${delivery.ticketId}-${delivery.eventKey}-customer`;
    case 'agents':
      return `${delivery.ticketId}-${delivery.eventKey}-agents`;
    case 'relay':
      return `${delivery.ticketId}-relay-${delivery.messageId}`;
    case 'incident':
      return `${delivery.incidentId}-${delivery.eventKey}-${delivery.ticketId}-incident`;
    case 'sla':
      // A step key has at most one ":" and no "-" ("breached_for:30"), so "-" in its place stays unique.
      return `${delivery.ticketId}-sla-${delivery.metric}-${delivery.seq}-${delivery.stepKey.replace(':', '-')}`;
  }
}

/** Urgent-ticket alerts for the webhook, one job per ticket (see AlertQueue). */
export const ALERT_QUEUE = 'alerts';

export const ZAlertJob = z.object({
  ticketId: z.uuid(),
  /** Set for an SLA escalation step's alert (the ladder's alert_webhook); absent for an urgent ticket's. */
  sla: z
    .object({
      metric: z.enum(SLA_METRICS),
      seq: z.number().int().min(0),
      stepKey: z.string().min(1).max(64),
      overdueMinutes: z.number().int().min(0),
    })
    .optional(),
});
export type AlertJob = z.infer<typeof ZAlertJob>;

/** Knowledge sources read again on a schedule (KB_SYNC_INTERVAL_MINUTES): every run syncs every source. */
export const KNOWLEDGE_SYNC_QUEUE = 'knowledge-sync';

export const ZKnowledgeSyncJob = z.object({});
export type KnowledgeSyncJob = z.infer<typeof ZKnowledgeSyncJob>;

/** Looks at a ticket's SLA timers: now (its history changed) or delayed to the instant one changes state (see SlaScheduler). */
export const SLA_QUEUE = 'sla';

export const ZSlaJob = z.object({ ticketId: z.uuid() });
export type SlaJob = z.infer<typeof ZSlaJob>;
