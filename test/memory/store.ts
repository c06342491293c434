// The in-memory database the memory repositories share, as the PostgreSQL ones share their tables:
// an incident links tickets, a ticket is read with its requester's name. Rows are copied in and out
// (as a database would), so a caller holding a row keeps a stale one, and JSON columns round-trip
// through JSON.
import type { ChatPost, TicketMessage } from '../../src/domain/ports/chat.js';
import type { Feedback } from '../../src/domain/feedback.js';
import type { Incident } from '../../src/domain/incident.js';
import type { SupportChannel } from '../../src/domain/support-channel.js';
import type { ChatInstallation, WorkspaceSettings } from '../../src/domain/chat-workspace.js';
import type { TicketEvent, TicketEventInput } from '../../src/domain/ticket-event.js';
import type { Actor, ChatPlatform, Ticket } from '../../src/domain/ticket.js';
import type { UserWithSecret } from '../../src/domain/user.js';

export interface UserRow extends UserWithSecret {
  externalId: string | null;
  externalEmail: string | null;
  externalKeyId: string | null;
}

export interface IdentityRow {
  platform: ChatPlatform;
  workspaceId: string;
  platformUserId: string;
  displayName: string | null;
  userId: string;
  createdAt: Date;
}

export interface EventRow extends TicketEvent {
  ticketId: string;
}

export interface MemoryStore {
  /** The database's clock: strictly increasing, so every change moves `updatedAt`. */
  now(): Date;
  /** The next value of a sequence (ticket and incident numbers, event ids), from 1. */
  next(sequence: 'ticket' | 'incident' | 'event'): number;
  users: Map<string, UserRow>;
  identities: IdentityRow[];
  tickets: Map<string, Ticket>;
  events: EventRow[];
  feedback: Feedback[];
  messages: TicketMessage[];
  posts: ChatPost[];
  incidents: Map<string, Incident>;
  supportChannels: SupportChannel[];
  workspaces: WorkspaceSettings[];
  installations: ChatInstallation[];
}

/** `clock`: the time the store stamps rows with (default: the real time, made strictly increasing). */
export function createMemoryStore(options: { clock?: () => Date } = {}): MemoryStore {
  const clock = options.clock ?? (() => new Date());
  let last = 0;
  const sequences = { ticket: 0, incident: 0, event: 0 };
  return {
    now() {
      last = Math.max(clock().getTime(), last + 1);
      return new Date(last);
    },
    next: (sequence) => ++sequences[sequence],
    users: new Map(),
    identities: [],
    tickets: new Map(),
    events: [],
    feedback: [],
    messages: [],
    posts: [],
    incidents: new Map(),
    supportChannels: [],
    workspaces: [],
    installations: [],
  };
}

/** A row as a caller gets it: its own copy. */
export const copy = <T>(row: T): T => structuredClone(row);

/** What a jsonb column gives back. */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? {}));

/** PostgreSQL's foreign-key violation, as the driver reports it (not an AppError: a bug in the caller). */
export function foreignKeyViolation(what: string): Error {
  return Object.assign(new Error(`insert or update violates foreign key constraint: no such ${what}`), { code: '23503' });
}

function actorColumns(actor: Actor): Pick<TicketEvent, 'actorType' | 'actorId'> {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'USER', actorId: actor.userId };
    case 'api_key':
      return { actorType: 'API_KEY', actorId: actor.apiKeyId };
    case 'system':
      return { actorType: 'SYSTEM', actorId: null };
  }
}

/** Appends to a ticket's audit trail, as the TicketEvent table does (it must exist). */
export function insertEvent(store: MemoryStore, ticketId: string, event: TicketEventInput): void {
  if (!store.tickets.has(ticketId)) throw foreignKeyViolation('ticket');
  store.events.push({
    id: String(store.next('event')),
    ticketId,
    type: event.type,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    ...actorColumns(event.actor),
    data: asJson(event.data),
    createdAt: store.now(),
  });
}
