// Ticket vocabulary. Plain string unions so the domain depends on nothing; the database enums match.
import type { EscalationReason } from './decide.js';

export const TICKET_STATUSES = ['OPEN', 'AUTO_RESOLVED', 'ESCALATED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses of a ticket waiting for a person (escalated, or claimed and not yet answered for good). */
export const WAITING_FOR_A_PERSON: readonly TicketStatus[] = ['ESCALATED', 'IN_PROGRESS'];
export const isWaitingForAPerson = (status: TicketStatus): boolean => WAITING_FOR_A_PERSON.includes(status);

export const TICKET_SOURCES = ['API', 'SLACK', 'DISCORD'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const URGENCIES = ['LOW', 'NORMAL', 'HIGH', 'CRITICAL'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const RESPONSE_SOURCES = ['SIMILAR_TICKET', 'TEMPLATE', 'LLM', 'AGENT', 'KNOWLEDGE'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

export const CHAT_PLATFORMS = ['SLACK', 'DISCORD'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** Where a ticket's conversation lives in chat, so answers go back in place. */
export interface ChatLocation {
  platform: ChatPlatform;
  /** Slack team id, Discord guild id ('' for a Discord DM). */
  workspaceId: string;
  channelId: string;
  /** The thread the conversation continues in (Slack thread_ts, Discord thread id). */
  threadId: string | null;
  /** The customer's own message, when the ticket came from one. */
  messageId: string | null;
}

export const ROLES = ['USER', 'AGENT', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export interface Ticket {
  id: string;
  number: number;
  source: TicketSource;
  requesterId: string;
  apiKeyId: string | null;
  message: string;
  status: TicketStatus;
  /** The classifier's intent (or the one an agent set). */
  intent: string | null;
  confidence: number | null;
  /**
   * The intent an agent gave when resolving: a pack intent, a learned one, or `unknown`. Null when
   * none was given: a classifier's guess is never taken as a label. The classifier trains on these.
   */
  labelledIntent: string | null;
  urgency: Urgency;
  /** Urgency score S in [0, 1]; null for tickets from before it was computed. */
  urgencyScore: number | null;
  priority: Priority;
  escalationReason: EscalationReason | null;
  response: string | null;
  responseSource: ResponseSource | null;
  /**
   * The words a person wrote or vouched for that `response` was built from, without the reuse
   * preface or an LLM's rewording: what similar tickets reuse. Null for tickets from before it existed.
   */
  answerBasis: string | null;
  /** The id a history import knows the conversation by, if it was imported. */
  externalId: string | null;
  matchedTicketId: string | null;
  similarity: number | null;
  /** Set when a reuse of this solution drew "not helpful"; cleared when an agent re-confirms it. */
  solutionDemotedAt: Date | null;
  assigneeId: string | null;
  /** The agent an unclaimed escalation is offered to, if any. */
  offeredToId: string | null;
  /** The master incident it is grouped under, if any. */
  incidentId: string | null;
  chatPlatform: ChatPlatform | null;
  chatWorkspaceId: string | null;
  chatChannelId: string | null;
  chatThreadId: string | null;
  chatMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** Who did something: a signed-in user, an integration's API key, or Firstline itself. */
export type Actor = { kind: 'user'; userId: string; role: Role } | { kind: 'api_key'; apiKeyId: string } | { kind: 'system' };

export const canActAsAgent = (actor: Actor): boolean => actor.kind === 'user' && (actor.role === 'AGENT' || actor.role === 'ADMIN');

/** Whether the actor may see the ticket at all. Others get "not found", never "forbidden". */
export function canSeeTicket(actor: Actor, ticket: Pick<Ticket, 'requesterId' | 'apiKeyId'>): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'api_key':
      return ticket.apiKeyId === actor.apiKeyId;
    case 'user':
      return canActAsAgent(actor) || ticket.requesterId === actor.userId;
  }
}
