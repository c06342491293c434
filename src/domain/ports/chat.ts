// What the chat use cases need from storage, the delivery queue and each chat platform. Slack and
// Discord each implement ChatMessenger; the rest is shared below the adapters.
import type { IncidentSummary } from '../incident.js';
import type { SlaMetric } from '../../sla/policy.js';
import type { SlaNotice, SlaTimerSummary } from './sla.js';
import type { EventKey } from '../ticket-event.js';
import type { ChannelAudience, SupportChannel } from '../support-channel.js';
import type { ChatPlatform, Priority, Ticket, TicketStatus } from '../ticket.js';

/** A message Firstline posted in chat. */
export interface PostRef {
  channelId: string;
  messageId: string;
}

export interface ChatPost extends PostRef {
  ticketId: string;
  platform: ChatPlatform;
  purpose: string;
}

/** A change someone must hear of (the customer, or agents of an escalation) that no recorded post says they did. */
export interface UndeliveredChange {
  ticketId: string;
  eventKey: EventKey;
  status: TicketStatus;
}

export interface UndeliveredChanges {
  /**
   * Such changes made within the window (oldest first), whose ticket is still in the state they made.
   * `agentsPosts`: whether escalations without an agents' post count (only where an agents' channel exists).
   */
  listUndelivered(window: { from: Date; to: Date }, limit: number, options: { agentsPosts: boolean }): Promise<UndeliveredChange[]>;
}

export interface ChatPostRepository {
  find(ticketId: string, purpose: string): Promise<ChatPost | null>;
  /** Records a post; a second record of the same ticket and purpose keeps the first. */
  record(post: ChatPost): Promise<void>;
  /** The ticket a post belongs to (replies in a post's thread are about that ticket). */
  findByMessage(platform: ChatPlatform, channelId: string, messageId: string, purpose: string): Promise<ChatPost | null>;
}

/** The channels whose customers' messages become tickets on their own. */
export interface SupportChannelRepository {
  find(platform: ChatPlatform, channelId: string): Promise<SupportChannel | null>;
  /** All of them, or one workspace's, oldest first. */
  list(filter?: { platform?: ChatPlatform; workspaceId?: string }): Promise<SupportChannel[]>;
  /** Turns the channel on, or changes its audience when it already is. */
  save(channel: {
    platform: ChatPlatform;
    workspaceId: string;
    channelId: string;
    audience: ChannelAudience;
    enabledById: string | null;
  }): Promise<SupportChannel>;
  /** Turns it off; false when it was not on. */
  remove(platform: ChatPlatform, channelId: string): Promise<boolean>;
}

export type MessageDirection = 'INBOUND' | 'OUTBOUND' | 'INTERNAL';

export interface TicketMessage {
  id: string;
  ticketId: string;
  authorId: string | null;
  direction: MessageDirection;
  body: string;
  externalId: string | null;
  createdAt: Date;
}

export interface MessageRepository {
  /** Stores the message; null when one with the same externalId is already on the ticket. */
  add(input: Omit<TicketMessage, 'id' | 'createdAt'>): Promise<TicketMessage | null>;
  findById(id: string): Promise<TicketMessage | null>;
  listForTicket(ticketId: string): Promise<TicketMessage[]>;
}

/** One outbound chat message to make. Jobs carry ids; the text is rendered when delivered. */
export type Delivery =
  /** The visible "Ticket #N: …" post whose thread becomes the conversation (slash commands). */
  | { kind: 'header'; ticketId: string; platform: ChatPlatform }
  /** What the customer is told about a change (`eventKey`): the answer, or that a person follows up. */
  | { kind: 'customer'; ticketId: string; platform: ChatPlatform; eventKey: EventKey; status: TicketStatus }
  /** Posts or refreshes the ticket's post in the agents' channel. */
  | { kind: 'agents'; ticketId: string; platform: ChatPlatform; eventKey: EventKey }
  /** Copies a customer's follow-up message to the thread of the agents' post. */
  | { kind: 'relay'; ticketId: string; platform: ChatPlatform; messageId: string }
  /** Posts or refreshes an incident's post in the agents' channel (`ticketId`: the change's ticket). */
  | { kind: 'incident'; ticketId: string; platform: ChatPlatform; eventKey: EventKey; incidentId: string }
  /** Tells agents, in the thread of the agents' post, that an SLA timer is at risk or breached (an escalation step). */
  | SlaNoticeDelivery;

export interface SlaNoticeDelivery {
  kind: 'sla';
  ticketId: string;
  platform: ChatPlatform;
  metric: SlaMetric;
  seq: number;
  /** The ladder step's key ("at_risk", "breached", "breached_for:30"): one notice per timer and step. */
  stepKey: string;
  stage: SlaNotice['stage'];
  minutesOver: number | null;
  /** ISO instant the target is or was due. */
  dueAt: string | null;
  /** Mention the agent offered or claiming the ticket. */
  mentionAssignee: boolean;
  /** The on-call group to mention, if the step says so and one is configured. */
  onCallGroupId: string | null;
}

export interface DeliveryQueue {
  /** Enqueuing the same delivery twice delivers once. Urgent tickets' messages go out first. */
  enqueue(delivery: Delivery, priority: Priority): Promise<void>;
}

/** Claims an inbound event id once within a time window (Slack and Discord redeliver). */
export interface EventDeduper {
  /** True the first time `key` is seen within the window. */
  claim(key: string): Promise<boolean>;
  /** Forgets `key`, so a redelivery after a failure is processed. */
  release(key: string): Promise<void>;
}

/** Someone in a chat ticket or the agents' post: a mention when they have a chat identity there. */
export interface ChatPerson {
  name: string;
  /** Their user id on the platform the message goes to. */
  chatUserId: string | null;
}

/** What the customer is told. */
export type CustomerNotice =
  | { kind: 'answer'; ticketNumber: number; ticketId: string; text: string; fromSimilarTicket: boolean }
  | { kind: 'escalated'; ticketNumber: number; reason: string | null }
  | { kind: 'agent_answer'; ticketNumber: number; text: string; agent: ChatPerson };

/** Everything the agents' post shows. */
export interface AgentsPostView {
  ticket: Ticket;
  requester: ChatPerson;
  assignee: ChatPerson | null;
  /** A reply an agent may send as it is, or edit. */
  suggestedReply: string | null;
  /** Its answer confidence; null when not recorded (tickets triaged before it was). */
  suggestedReplyConfidence: number | null;
  /** The automatic answer the customer rejected, if that is why it is here. */
  rejectedAnswer: string | null;
  /** The master incident it is grouped under: agents handle it there. */
  incidentNumber: number | null;
  /** The agent it is offered to while unclaimed (skills and load): mentioned on the post. */
  offeredTo: ChatPerson | null;
  /** Sections of the deployer's docs the pipeline found for it, best first (none: no docs, or none matched). */
  passages: DocsSuggestion[];
  /** Its SLA timers (none: no policy applies, or none was checked yet), first response first. */
  slaTimers: SlaTimerSummary[];
}

/** A section of the docs shown to agents: where it is, and how likely it answers the message. */
export interface DocsSuggestion {
  title: string;
  link: string | null;
  answerConfidence: number | null;
}

/**
 * The messengers Firstline posts with. A platform may speak for each workspace with its own
 * credentials and agents' channel (a Slack app installed in many workspaces, a bot in many Discord
 * servers), so a messenger is asked for by workspace.
 */
export interface Messengers {
  /**
   * The messenger for `workspaceId` on `platform`; null asks for the platform's default (a ticket
   * from the API has no workspace). Undefined when the platform, or that workspace, is not connected.
   */
  forWorkspace(platform: ChatPlatform, workspaceId: string | null): Promise<ChatMessenger | undefined>;
  /** The connected platforms, in the order an API ticket's escalation looks for an agents' channel. */
  readonly platforms: readonly ChatPlatform[];
}

/**
 * Thrown by a messenger when the platform asks to slow down; the delivery is retried after
 * `retryAfterMs` without using up one of its attempts.
 */
export class RateLimitedError extends Error {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, options?: { cause?: unknown }) {
    super(`rate limited; retry after ${retryAfterMs} ms`, options);
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Thrown by a messenger when retrying cannot help (the channel is gone, the bot was removed, the
 * token was revoked): the delivery fails at once and is recorded.
 */
export class UndeliverableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UndeliverableError';
  }
}

/**
 * Makes a new post recognisable, so that posting is idempotent across retries: an attempt can post
 * and then fail before the post is recorded (the database went down, the process ended, the
 * platform's answer was lost), and the next attempt must find that post rather than make another.
 */
export interface PostKey {
  /** Unique per ticket (or incident) and purpose, stable across attempts. */
  key: string;
  /**
   * Set when an earlier attempt of this delivery may have posted (it was retried): the messenger
   * first looks for a post with this key made since then. Null on a first attempt.
   */
  retryingSince: Date | null;
}

/** One chat platform's outbound side. Throws RateLimitedError on 429, other errors for retry. */
export interface ChatMessenger {
  readonly platform: ChatPlatform;
  /** Whether escalations can be posted for agents on this platform. */
  readonly hasAgentsChannel: boolean;
  /**
   * Opens the conversation of a ticket opened by a command: posts the visible "Ticket #N" message,
   * or uses `anchor` (the command's own visible reply, where the platform made one), and returns
   * where the conversation continues (the thread's id in `messageId`).
   */
  postHeader(ticket: Ticket, requester: ChatPerson, anchor: PostRef | null, key: PostKey): Promise<PostRef>;
  /** Posts in the ticket's conversation (its thread when `threadId` is set). */
  notifyCustomer(where: { channelId: string; threadId: string | null }, notice: CustomerNotice, key: PostKey): Promise<PostRef>;
  /** Posts the agents' post, or updates it when `existing` is given. */
  upsertAgentsPost(view: AgentsPostView, existing: PostRef | null, key: PostKey): Promise<PostRef>;
  /** Posts a customer's follow-up in the thread of the agents' post. */
  relayToAgents(post: PostRef, from: ChatPerson, text: string, key: PostKey): Promise<PostRef>;
  /** Posts an SLA escalation step in the thread of the agents' post, with its mentions. */
  noticeSlaToAgents(post: PostRef, notice: SlaNotice, key: PostKey): Promise<PostRef>;
  /** Posts an incident's post in the agents' channel (live count of reports), or updates `existing`. */
  upsertIncidentPost(incident: IncidentSummary, existing: PostRef | null, key: PostKey): Promise<PostRef>;
}
