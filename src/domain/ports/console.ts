// Ports the web console reads through: its inbox (filters the API has no need for), counts per
// status, the candidates stored with a ticket, and where console sessions live.
import type { StoredCandidate } from './learning.js';
import type { Page } from './tickets.js';
import type { ChatPlatform, Priority, Ticket, TicketSource, TicketStatus } from '../ticket.js';

export interface InboxQuery {
  status?: TicketStatus;
  source?: TicketSource;
  intent?: string;
  priority?: Priority;
  /** An agent's id, or null for unassigned tickets. */
  assigneeId?: string | null;
  /** A Slack team or Discord server id. */
  workspaceId?: string;
  /** Case-insensitive substring of the customer's message. */
  text?: string;
  /** Tickets with a running SLA timer in this state (at risk, or past its target). */
  sla?: InboxSlaState;
  /** Newest first (the default), or most urgent first and newest first within a priority. */
  sort?: InboxSort;
  /** Where the previous page ended: its last ticket's number (and priority, when sorted by priority). */
  cursor?: InboxCursor;
  limit: number;
}

export const INBOX_SORTS = ['newest', 'priority'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxCursor {
  number: number;
  priority?: Priority;
}

export const INBOX_SLA_STATES = ['at_risk', 'breached'] as const;
export type InboxSlaState = (typeof INBOX_SLA_STATES)[number];

export interface InboxWorkspace {
  platform: ChatPlatform;
  workspaceId: string;
}

export interface TicketInbox {
  list(query: InboxQuery): Promise<Page<Ticket>>;
  /** How many tickets match the query's filters (its status, cursor and limit ignored), per status. */
  countByStatus(query: Omit<InboxQuery, 'status' | 'cursor' | 'limit'>): Promise<Record<TicketStatus, number>>;
  /** The Slack workspaces and Discord servers tickets came from, for the inbox's filter. */
  workspaces(): Promise<InboxWorkspace[]>;
  /** The candidate replies the pipeline weighed for the ticket, best first. */
  candidatesOf(ticketId: string): Promise<StoredCandidate[]>;
}

/** Server-side console sessions (the cookie holds only the signed session id). */
export interface SessionStore {
  get(id: string): Promise<Record<string, unknown> | null>;
  /** Keeps the session for `ttlSeconds`, then forgets it. */
  set(id: string, data: Record<string, unknown>, ttlSeconds: number): Promise<void>;
  destroy(id: string): Promise<void>;
}
