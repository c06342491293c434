// Interfaces the use cases need; infra implements them, tests may fake them.
import type { Actor, ChatLocation, ChatPlatform, Priority, Role, Ticket, TicketSource, TicketStatus, Urgency } from './ticket.js';

export interface TicketEventInput {
  type: string;
  actor: Actor;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  data?: Record<string, unknown>;
}

export interface TicketEvent {
  id: string;
  type: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  actorType: 'SYSTEM' | 'USER' | 'API_KEY';
  actorId: string | null;
  data: unknown;
  createdAt: Date;
}

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

export interface User {
  id: string;
  email: string | null;
  role: Role;
  displayName: string | null;
  skills: string[];
  capacity: number;
  createdAt: Date;
}

export interface UserWithSecret extends User {
  passwordHash: string | null;
}

export interface ChatUser {
  platform: ChatPlatform;
  workspaceId: string;
  platformUserId: string;
  displayName?: string | null;
}

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByEmailWithSecret(email: string): Promise<UserWithSecret | null>;
  /** Throws `conflict` when the email is taken. */
  create(input: { email: string; passwordHash: string | null; role: Role; displayName?: string | null }): Promise<User>;
  /** Creates the user or sets its password and role. */
  upsertWithPassword(input: { email: string; passwordHash: string; role: Role }): Promise<User>;
  /**
   * The customer an integration acts for, by email or by its own id, created on first use and linked
   * to the key: a key never gets a registered account or another key's customer, whatever the email.
   */
  findOrCreateIntegrationCustomer(apiKeyId: string, who: { email?: string; externalId?: string; name?: string }): Promise<User>;
  /**
   * The Firstline user behind a Slack or Discord user, created (role USER, no password) and linked
   * on first contact. Concurrent first contacts link to one user.
   */
  findOrCreateChatUser(who: ChatUser): Promise<User>;
  /** Sets a user's role, skills (lower-case words) and capacity; null when there is no such user. */
  updateProfile(id: string, patch: { role?: Role; skills?: string[]; capacity?: number }): Promise<User | null>;
  /** The user's identity on a chat platform (the newest, if several workspaces). */
  findChatIdentity(userId: string, platform: ChatPlatform): Promise<ChatUser | null>;
}

export interface Feedback {
  id: string;
  ticketId: string;
  userId: string;
  helpful: boolean;
  rating: number | null;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface FeedbackRepository {
  /** At most one per user and ticket: a second call updates it. */
  upsert(input: { ticketId: string; userId: string; helpful: boolean; rating?: number | null; comment?: string | null }): Promise<Feedback>;
  listForTicket(ticketId: string): Promise<Feedback[]>;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdById: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeyRepository {
  create(input: { name: string; prefix: string; secretHash: string; createdById: string }): Promise<ApiKey>;
  findByPrefixWithSecret(prefix: string): Promise<(ApiKey & { secretHash: string }) | null>;
  list(): Promise<ApiKey[]>;
  /** Returns null when no such key exists. */
  revoke(id: string): Promise<ApiKey | null>;
  touch(id: string, at: Date): Promise<void>;
}

export type MetricsWindow = '24h' | '7d' | '30d' | 'all';

export interface Metrics {
  window: MetricsWindow;
  since: Date | null;
  totals: {
    tickets: number;
    byStatus: Record<string, number>;
    bySource: Record<string, number>;
    byIntent: Record<string, number>;
  };
  autoResolveRate: number | null;
  escalationRate: number | null;
  resolutions: { verified: number; assumed: number };
  medianSecondsToFirstResponse: number | null;
  medianSecondsToResolution: number | null;
  satisfaction: { helpful: number; notHelpful: number; rate: number | null };
  openEscalations: number;
  /** Chat messages that could not be delivered after every retry, within the window. */
  deliveryFailures: number;
  /** How agents answered what shadow mode would have sent (see domain/shadow-agreement.ts). */
  shadow: ShadowAgreement;
}

/**
 * Over tickets escalated as `shadow_mode` that an agent has since answered: how many, how many
 * answers were the suggestion unchanged, and per threshold the share whose best candidate reached it
 * (coverage) and, of those, the share agents agreed with (precision; null when none reached it).
 */
export interface ShadowAgreement {
  tickets: number;
  agreed: number;
  byThreshold: { threshold: number; coverage: number | null; precision: number | null }[];
}

export interface MetricsRepository {
  compute(window: MetricsWindow, now: Date): Promise<Metrics>;
}

/** The queue the pipeline worker consumes. Jobs carry ticket ids only; higher priorities run first. */
export interface TriageQueue {
  enqueue(ticketId: string, priority: Priority): Promise<void>;
  /**
   * Enqueues a ticket whose job may be gone, stuck as failed, or finished without a decision.
   * Leaves a waiting or running job alone.
   */
  requeue(ticketId: string, priority: Priority): Promise<'enqueued' | 'retried' | 'pending'>;
  /** Gives failed jobs (attempts used up) a fresh set of attempts; returns how many. */
  retryFailed(limit: number): Promise<number>;
  /** Resolves true when the ticket's job finished within `timeoutMs`. */
  waitForOutcome(ticketId: string, timeoutMs: number): Promise<boolean>;
  /** How many tickets wait for the pipeline (not yet started). */
  backlog(): Promise<number>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | null): Promise<boolean>;
}

export interface TokenClaims {
  userId: string;
  role: Role;
}

export interface TokenService {
  issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number }>;
  /** Throws `unauthorized` for anything but a valid, unexpired token for this service. */
  verify(token: string): Promise<TokenClaims>;
}

export interface LoginLimiter {
  /** Seconds until another attempt is allowed, or 0 when allowed now. */
  retryAfter(key: { account: string; ip: string }): Promise<number>;
  recordFailure(key: { account: string; ip: string }): Promise<void>;
  recordSuccess(key: { account: string; ip: string }): Promise<void>;
}

export interface HealthCheck {
  name: string;
  /** Throws when the dependency is not usable. */
  check(): Promise<void>;
}
