// What travels on the queues: ids and small facts only, validated on both sides.
import { z } from 'zod';
import type { Delivery } from '../../domain/ports/chat.js';
import { isEventKey, type EventKey } from '../../domain/ticket-event.js';
import { CHAT_PLATFORMS, TICKET_STATUSES } from '../../domain/ticket.js';

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

export const ZDeliveryJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), ticketId: z.uuid(), platform: ZPlatform }),
  z.object({ kind: z.literal('customer'), ticketId: z.uuid(), platform: ZPlatform, eventKey: ZEventKey, status: z.enum(TICKET_STATUSES) }),
  z.object({ kind: z.literal('agents'), ticketId: z.uuid(), platform: ZPlatform, eventKey: ZEventKey }),
  z.object({ kind: z.literal('relay'), ticketId: z.uuid(), platform: ZPlatform, messageId: z.uuid() }),
  z.object({ kind: z.literal('incident'), ticketId: z.uuid(), platform: ZPlatform, eventKey: ZEventKey, incidentId: z.uuid() }),
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
  }
}

/** Urgent-ticket alerts for the webhook, one job per ticket (see AlertQueue). */
export const ALERT_QUEUE = 'alerts';

export const ZAlertJob = z.object({ ticketId: z.uuid() });
export type AlertJob = z.infer<typeof ZAlertJob>;

/** Knowledge sources read again on a schedule (KB_SYNC_INTERVAL_MINUTES): every run syncs every source. */
export const KNOWLEDGE_SYNC_QUEUE = 'knowledge-sync';

export const ZKnowledgeSyncJob = z.object({});
export type KnowledgeSyncJob = z.infer<typeof ZKnowledgeSyncJob>;
