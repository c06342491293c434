// Port of incidents: grouping similar tickets under one problem.
import type { Incident, IncidentSummary, IncidentStatus } from '../incident.js';
import type { ChatPlatform, TicketStatus } from '../ticket.js';

export interface IncidentRepository {
  /**
   * Applies planIncident to the ticket and its similar candidates, re-read under a lock so two
   * workers never open two incidents for one problem. Links (and opens) in one transaction, with an
   * `incident_linked` event on each linked ticket.
   */
  attach(input: {
    ticketId: string;
    /** Best first; `recent`: created in the new report's burst window. */
    candidates: readonly { id: string; recent: boolean }[];
    /** The new report is part of a burst (domain/incident-burst.ts). */
    burst: boolean;
    escalating: boolean;
    intent: string | null;
  }): Promise<{ kind: 'joined' | 'opened'; incident: Incident; linkedTicketIds: string[] } | { kind: 'none' }>;
  findById(id: string): Promise<IncidentSummary | null>;
  list(query: { status?: IncidentStatus; limit: number }): Promise<IncidentSummary[]>;
  /** OPEN → RESOLVED; null when it was not open. */
  markResolved(id: string, patch: { response: string; resolvedById: string }): Promise<Incident | null>;
  /** Takes a ticket out of the incident (with an `incident_unlinked` event); false when it was not in it. */
  unlink(incidentId: string, ticketId: string, actorId: string): Promise<boolean>;
  /** The linked tickets still waiting for a person, oldest first. */
  listOpenTicketIds(incidentId: string): Promise<string[]>;
  /** Records the agents' post; keeps the first when one is already recorded. */
  recordPost(id: string, post: { platform: ChatPlatform; channelId: string; messageId: string }): Promise<void>;
  /** When the deployment's first ticket was created (imported history included); null before any. */
  firstTicketAt(): Promise<Date | null>;
  /**
   * Tickets (of every status) changed since `since` and created since `windowStart`: what keeps the
   * burst detector's index of recent tickets current across workers.
   */
  listChangedSince(
    since: Date,
    windowStart: Date,
  ): Promise<
    {
      id: string;
      message: string;
      requesterId: string;
      status: TicketStatus;
      incidentId: string | null;
      createdAt: Date;
      updatedAt: Date;
    }[]
  >;
}
