// Ports of the ticket lifecycle: storage of tickets, their events and feedback, and the feed of
// outcomes that chat delivery and the workers follow.
import type { Feedback } from '../feedback.js';
import type { EventKey, TicketEventInput, TicketEvent } from '../ticket-event.js';
import type { TicketSource, ChatLocation, Urgency, Priority, Ticket, TicketStatus, ChatPlatform } from '../ticket.js';

export interface NewTicket {
  source: TicketSource;
  requesterId: string;
  apiKeyId?: string | null;
  message: string;
  /** For tickets opened in Slack or Discord. */
  chat?: ChatLocation;
  /** How urgent it is; priority and level follow from the score (domain/priority.ts). */
  urgency?: { score: number; level: Urgency; priority: Priority };
}

/** Fields a status change may set alongside the status. */
export type TicketPatch = Partial<
  Pick<
    Ticket,
    /** The customer edited the message the ticket came from. */
    | 'message'
    | 'assigneeId'
    | 'response'
    | 'responseSource'
    | 'answerBasis'
    | 'intent'
    | 'labelledIntent'
    | 'confidence'
    | 'escalationReason'
    | 'matchedTicketId'
    | 'similarity'
    | 'solutionDemotedAt'
    | 'firstResponseAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'chatThreadId'
  >
>;

export interface TicketListQuery {
  /** Only this requester's tickets. */
  requesterId?: string;
  /** Only tickets this integration key created. */
  apiKeyId?: string;
  status?: TicketStatus;
  intent?: string;
  source?: TicketSource;
  priority?: Priority;
  /** Ticket number to continue after (newest first). */
  cursor?: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TicketRepository {
  /** Throws `conflict` when the chat message already opened a ticket. */
  create(input: NewTicket, event: TicketEventInput): Promise<Ticket>;
  findById(id: string): Promise<Ticket | null>;
  /** The ticket with its requester's display name (for greetings), in one read. */
  findWithRequesterName(id: string): Promise<(Ticket & { requesterName: string | null }) | null>;
  findByNumber(number: number): Promise<Ticket | null>;
  /** The newest ticket whose conversation is this chat thread (follow-ups belong to it). */
  findByChatThread(platform: ChatPlatform, channelId: string, threadId: string): Promise<Ticket | null>;
  /** The ticket a chat message opened, if it opened one. */
  findByChatMessage(platform: ChatPlatform, channelId: string, messageId: string): Promise<Ticket | null>;
  list(query: TicketListQuery): Promise<Page<Ticket>>;
  /** Tickets still OPEN (and created before `createdBefore`, when given), oldest first, for re-enqueueing. */
  listOpen(limit: number, createdBefore?: Date): Promise<{ id: string; priority: Priority }[]>;
  /**
   * Moves the ticket from `from` to `to` and records the event, atomically and only if its status
   * is still `from`. Returns null when another change got there first.
   */
  transition(id: string, from: TicketStatus, to: TicketStatus, patch: TicketPatch, event: TicketEventInput): Promise<Ticket | null>;
  appendEvent(ticketId: string, event: TicketEventInput): Promise<void>;
  /** Changes fields other than the status, with its event, atomically. Null when there is no such ticket. */
  update(id: string, patch: TicketPatch, event: TicketEventInput): Promise<Ticket | null>;
  listEvents(ticketId: string): Promise<TicketEvent[]>;
}

export interface FeedbackRepository {
  /** At most one per user and ticket: a second call updates it. */
  upsert(input: { ticketId: string; userId: string; helpful: boolean; rating?: number | null; comment?: string | null }): Promise<Feedback>;
  listForTicket(ticketId: string): Promise<Feedback[]>;
}

/** What adapters are told once the pipeline (or an agent) has answered or escalated a ticket. */
export interface TicketOutcome {
  ticketId: string;
  status: TicketStatus;
  /** Identifies the change being delivered, so a redelivery of the same one can be recognised. */
  eventKey: EventKey;
  /** The incident the change concerns (its post is refreshed), when not the ticket's own. */
  incidentId?: string;
}

/** The feed chat adapters subscribe to. Publishing the same eventKey twice delivers once. */
export interface OutcomePublisher {
  publish(outcome: TicketOutcome): Promise<void>;
}
