// What happened to a ticket, in order: its audit trail. Every change of state or ownership is an
// event. Both lists below are closed: a misspelt event type or event key is a compile error, and a
// job or row carrying an unknown one is refused where it is read.
import type { Actor, TicketStatus } from './ticket.js';

/** Every kind of entry in a ticket's audit trail (TicketEvent.type). */
export const TICKET_EVENT_TYPES = [
  /** Opened through the API or chat. */
  'created',
  /** Loaded from a past conversation by `firstline import`. */
  'imported',
  /** The pipeline decided: answered, escalated, or failed (data: the decision and its evidence). */
  'triaged',
  /** Sent to a person after the decision: the customer rejected the answer, or it could not be delivered. */
  'escalated',
  'claimed',
  'released',
  'resolved',
  'closed',
  /** A customer rated the answer. */
  'feedback',
  /** Its solution stopped being reused (rated not helpful); `solution_confirmed` restores it. */
  'solution_demoted',
  'solution_confirmed',
  /** The customer edited the chat message the ticket came from (data: the previous text). */
  'message_edited',
  /** The customer deleted the chat message the ticket came from. */
  'message_deleted',
  /** The bot opened the chat thread a command's conversation continues in. */
  'chat_thread_opened',
  /** Offered to an agent (smart routing). */
  'offered',
  'incident_linked',
  'incident_unlinked',
  /** A chat delivery failed on every attempt. */
  'delivery_failed',
  /** The urgent-alert webhook was called, or failed for good. */
  'alerted',
  'alert_failed',
  /** An SLA timer's escalation step was taken (data: the timer, the step, its actions). */
  'sla_step',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export const isTicketEventType = (value: string): value is TicketEventType => (TICKET_EVENT_TYPES as readonly string[]).includes(value);

/**
 * The changes chat delivery follows (TicketOutcome.eventKey): each becomes the posts it needs, and
 * a redelivery of the same key is recognised as the same change.
 */
export const EVENT_KEYS = [
  /** The pipeline's decision: the answer, or "a person will follow up", and the agents' post. */
  'triaged',
  /** The customer said the answer did not help: escalated. */
  'rejected',
  'claimed',
  'released',
  'resolved',
  /** An automatic answer that never reached chat went to a person instead. */
  'undelivered',
  /** A ticket opened an incident: its post is made. */
  'incident_opened',
  /** A ticket escalated before the incident existed now belongs to it: its own post says so. */
  'grouped',
  /** The incident was resolved: its post says so (each ticket's answer is its own `resolved`). */
  'incident_resolved',
  /** A ticket was taken out of an incident: it gets a post of its own, the incident's count drops. */
  'unlinked',
] as const;

/** An offer to an agent: one key per offer, so each is delivered (see pipeline/offers/). */
export type OfferKey = `offered-${string}`;
/** An SLA timer changed state (at risk, breached, met): the agents' post shows it. One key per change. */
export type SlaKey = `sla-${string}`;
export type EventKey = (typeof EVENT_KEYS)[number] | OfferKey | SlaKey;

const OFFER_PREFIX = 'offered-';
const SLA_PREFIX = 'sla-';
const STAMP = /^[a-z0-9]+$/;

export const offerKey = (stamp: string): OfferKey => `${OFFER_PREFIX}${stamp}`;
export const isOfferKey = (key: string): key is OfferKey => key.startsWith(OFFER_PREFIX) && STAMP.test(key.slice(OFFER_PREFIX.length));
export const slaKey = (stamp: string): SlaKey => `${SLA_PREFIX}${stamp}`;
export const isSlaKey = (key: string): key is SlaKey => key.startsWith(SLA_PREFIX) && STAMP.test(key.slice(SLA_PREFIX.length));
export const isEventKey = (value: string): value is EventKey =>
  (EVENT_KEYS as readonly string[]).includes(value) || isOfferKey(value) || isSlaKey(value);

/** Incident changes: none is told to the customer, they only change what agents see. */
export const INCIDENT_EVENT_KEYS = ['incident_opened', 'grouped', 'incident_resolved', 'unlinked'] as const satisfies readonly EventKey[];

export interface TicketEventInput {
  type: TicketEventType;
  actor: Actor;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  data?: Record<string, unknown>;
}

export interface TicketEvent {
  id: string;
  type: TicketEventType;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  actorType: 'SYSTEM' | 'USER' | 'API_KEY';
  actorId: string | null;
  data: unknown;
  createdAt: Date;
}
