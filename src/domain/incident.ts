// Master incidents: near-duplicate open tickets (many customers reporting one outage) grouped so
// agents handle the problem once. Which tickets group is decided here, purely; the repository
// applies the plan under a lock, on the tickets' current state.
import type { ChatPlatform, Ticket, TicketStatus } from './ticket.js';

export type IncidentStatus = 'OPEN' | 'RESOLVED';

export interface Incident {
  id: string;
  number: number;
  status: IncidentStatus;
  /** The message of its first report. */
  title: string;
  intent: string | null;
  response: string | null;
  resolvedById: string | null;
  /** The incident's post in the agents' channel, once made. */
  chatPlatform: ChatPlatform | null;
  chatChannelId: string | null;
  chatMessageId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** An incident with its tickets, for the API and the agents' post. */
export interface IncidentSummary extends Incident {
  ticketCount: number;
  /** Linked tickets not yet answered by a person. */
  openTicketCount: number;
  /** The first linked tickets' numbers, oldest first (at most 20). */
  ticketNumbers: number[];
}

/**
 * Whether agents handle the ticket on its incident's post rather than on a post of its own. A
 * customer who asked for a person is never folded away: that ticket keeps its own post (and offers),
 * and still gets the incident's update.
 */
export const isHandledOnIncident = (ticket: Pick<Ticket, 'incidentId' | 'escalationReason'>): boolean =>
  ticket.incidentId !== null && ticket.escalationReason !== 'customer_requested_human';

/** Statuses in which a ticket still waits for a person: the ones that group. */
export const INCIDENT_OPEN_STATUSES: readonly TicketStatus[] = ['OPEN', 'ESCALATED', 'IN_PROGRESS'];

/** A similar ticket as it stands now. */
export interface ClusterCandidate {
  id: string;
  status: TicketStatus;
  incidentId: string | null;
  incidentStatus: IncidentStatus | null;
}

export type IncidentPlan =
  /** Link the new ticket, and these ungrouped candidates (missed in a burst), to this open incident. */
  | { kind: 'join'; incidentId: string; ticketIds: string[] }
  /** Open an incident with the new ticket and these candidates. */
  | { kind: 'open'; ticketIds: string[] }
  | { kind: 'none' };

/**
 * `candidates`: open tickets in the window at least INCIDENT_SIMILARITY alike, best first. Only a
 * ticket going to a person anyway (`escalating`) groups: one the pipeline can answer confidently is
 * answered, not parked behind an incident. It joins the open incident of its best-matching candidate
 * that has one, and brings its ungrouped candidates along (reports handled at the same moment as the
 * one that opened it). Otherwise, when it and its ungrouped open candidates number at least
 * `minTickets`, they open one.
 */
export function planIncident(candidates: readonly ClusterCandidate[], minTickets: number, escalating: boolean): IncidentPlan {
  if (!escalating) return { kind: 'none' };
  const open = candidates.filter((c) => INCIDENT_OPEN_STATUSES.includes(c.status));
  const free = open.filter((c) => c.incidentId === null);
  const joined = open.find((c) => c.incidentId !== null && c.incidentStatus === 'OPEN');
  if (joined) return { kind: 'join', incidentId: joined.incidentId!, ticketIds: free.map((c) => c.id) };
  return free.length + 1 >= minTickets ? { kind: 'open', ticketIds: free.map((c) => c.id) } : { kind: 'none' };
}
