// Master incidents: a burst of near-duplicate reports (many customers reporting one outage at once,
// see incident-burst.ts) grouped so agents handle the problem once. Which tickets group is decided
// here, purely; the repository applies the plan under a lock, on the tickets' current state.
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
  /** Created in the new report's burst window: one of its burst, if it is in one. */
  recent: boolean;
}

export type IncidentPlan =
  /** Link the new ticket, and these ungrouped candidates (missed in a burst), to this open incident. */
  | { kind: 'join'; incidentId: string; ticketIds: string[] }
  /** Open an incident with the new ticket and these candidates. */
  | { kind: 'open'; ticketIds: string[] }
  | { kind: 'none' };

/**
 * `candidates`: tickets at least INCIDENT_SIMILARITY alike, best first. `burst`: the new report is
 * part of a burst (assessBurst). `escalating`: the pipeline sends it to a person anyway.
 *
 * A report in a burst groups whether or not it could be answered: a burst is news for agents, and
 * its customer is better told "known issue, we are on it" than sent a generic answer. It joins the
 * open incident of its best candidate that has one, else opens one; either way it brings along the
 * burst's reports still waiting and in no incident (the first ones, handled before it was a burst).
 * A report in no burst that goes to a person anyway still joins an open incident it matches (an
 * outage's later reports trickle in); one that can be answered is answered.
 */
export function planIncident(candidates: readonly ClusterCandidate[], flags: { burst: boolean; escalating: boolean }): IncidentPlan {
  if (!flags.burst && !flags.escalating) return { kind: 'none' };
  const free = candidates.filter((c) => c.recent && c.incidentId === null && INCIDENT_OPEN_STATUSES.includes(c.status)).map((c) => c.id);
  const joined = candidates.find((c) => c.incidentId !== null && c.incidentStatus === 'OPEN');
  if (joined) return { kind: 'join', incidentId: joined.incidentId!, ticketIds: free };
  return flags.burst ? { kind: 'open', ticketIds: free } : { kind: 'none' };
}
