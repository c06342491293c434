// An outcome (a ticket answered, escalated, claimed, resolved) becomes the chat messages it needs:
// what the customer is told in their conversation, and the agents' post. Each is its own delivery
// job, so a failing one is retried without repeating the other.
import type { Delivery, DeliveryQueue, Messengers } from '../../../domain/ports/chat.js';
import type { TicketOutcome } from '../../../domain/ports/tickets.js';
import type { TicketRepository } from '../../../domain/ports/tickets.js';
import { INCIDENT_EVENT_KEYS, isOfferKey, isSlaKey, type EventKey } from '../../../domain/ticket-event.js';
import type { ChatPlatform, Ticket, TicketStatus } from '../../../domain/ticket.js';

export interface RouteOutcomeDeps {
  tickets: TicketRepository;
  messengers: Messengers;
  deliveries: DeliveryQueue;
}

/** Changes the customer hears about. A claim is between agents. */
const TOLD_TO_CUSTOMER: readonly TicketStatus[] = ['AUTO_RESOLVED', 'ESCALATED', 'RESOLVED'];
/** Changes only agents see: the customer was told already, or cannot be reached there. */
const NOT_TOLD_TO_CUSTOMER: readonly EventKey[] = [...INCIDENT_EVENT_KEYS, 'undelivered', 'released'];
/** Offers and SLA timers are between agents: the customer sees nothing of them. */
const toldToCustomer = (eventKey: EventKey): boolean =>
  !NOT_TOLD_TO_CUSTOMER.includes(eventKey) && !isOfferKey(eventKey) && !isSlaKey(eventKey);
/** Changes that refresh the incident's post (its count, its state). */
const SHOWN_ON_INCIDENT: readonly EventKey[] = ['triaged', ...INCIDENT_EVENT_KEYS];
/** Changes the agents' post shows. */
const SHOWN_TO_AGENTS: readonly TicketStatus[] = ['ESCALATED', 'IN_PROGRESS', 'RESOLVED'];

/** Where a ticket's changes can be told: its customer's conversation, and the platform agents work on it in. */
export interface Reach {
  /** The ticket's chat conversation is on a connected platform and workspace. */
  customer: boolean;
  agentsPlatform: ChatPlatform | null;
}

/**
 * Where agents work on a ticket: the agents' channel of the platform and workspace it came from,
 * else the first platform whose default has one (tickets from the API are escalated to chat too).
 */
export async function reachOf(ticket: Pick<Ticket, 'chatPlatform' | 'chatWorkspaceId'>, messengers: Messengers): Promise<Reach> {
  const own = ticket.chatPlatform ? await messengers.forWorkspace(ticket.chatPlatform, ticket.chatWorkspaceId) : undefined;
  if (own?.hasAgentsChannel) return { customer: true, agentsPlatform: own.platform };
  for (const platform of messengers.platforms) {
    const fallback = await messengers.forWorkspace(platform, null);
    if (fallback?.hasAgentsChannel) return { customer: own !== undefined, agentsPlatform: platform };
  }
  return { customer: own !== undefined, agentsPlatform: null };
}

export function plannedDeliveries(ticket: Ticket, outcome: TicketOutcome, reach: Reach): Delivery[] {
  const deliveries: Delivery[] = [];
  const { eventKey, status } = outcome;
  if (ticket.chatPlatform && reach.customer && TOLD_TO_CUSTOMER.includes(status) && toldToCustomer(eventKey)) {
    deliveries.push({ kind: 'customer', ticketId: ticket.id, platform: ticket.chatPlatform, eventKey, status });
  }
  const agents = reach.agentsPlatform;
  // The incident's post replaces the post of the ticket that opened it.
  if (agents && SHOWN_TO_AGENTS.includes(status) && eventKey !== 'incident_opened') {
    deliveries.push({ kind: 'agents', ticketId: ticket.id, platform: agents, eventKey });
  }
  const incidentId = outcome.incidentId ?? ticket.incidentId;
  if (agents && incidentId && SHOWN_ON_INCIDENT.includes(eventKey)) {
    deliveries.push({ kind: 'incident', ticketId: ticket.id, platform: agents, eventKey, incidentId });
  }
  return deliveries;
}

export async function routeOutcome(deps: RouteOutcomeDeps, outcome: TicketOutcome): Promise<Delivery[]> {
  const ticket = await deps.tickets.findById(outcome.ticketId);
  if (!ticket) return [];
  const deliveries = plannedDeliveries(ticket, outcome, await reachOf(ticket, deps.messengers));
  // Every delivery carries its ticket's priority: agents see urgent escalations first.
  for (const delivery of deliveries) await deps.deliveries.enqueue(delivery, ticket.priority);
  return deliveries;
}
