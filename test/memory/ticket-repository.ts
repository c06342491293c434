// TicketRepository in memory, behaving as src/infra/db/ticket-repository.ts does on PostgreSQL
// (test/contracts/ticket-repository.contract.ts holds both to the same behaviour).
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src/domain/errors.js';
import type { TicketPatch, TicketRepository } from '../../src/domain/ports/tickets.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { copy, createMemoryStore, foreignKeyViolation, insertEvent, type MemoryStore } from './store.js';

/** Sets the patch's defined fields (undefined leaves a field alone, null clears it), checking its references. */
function applyPatch(store: MemoryStore, ticket: Ticket, patch: TicketPatch): void {
  if (patch.assigneeId && !store.users.has(patch.assigneeId)) throw foreignKeyViolation('assignee');
  if (patch.matchedTicketId && !store.tickets.has(patch.matchedTicketId)) throw foreignKeyViolation('matched ticket');
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(ticket, { [key]: value });
  }
  ticket.updatedAt = store.now();
}

export function createMemoryTicketRepository(store: MemoryStore = createMemoryStore()): TicketRepository {
  const byNumberDesc = (a: Ticket, b: Ticket) => b.number - a.number;
  const all = () => [...store.tickets.values()];
  const found = (ticket: Ticket | undefined): Ticket | null => (ticket ? copy(ticket) : null);

  return {
    async create(input, event) {
      if (!store.users.has(input.requesterId)) throw foreignKeyViolation('requester');
      const chat = input.chat;
      // The unique key (platform, channel, message): NULLs never collide, as in PostgreSQL.
      if (
        chat?.messageId &&
        all().some((t) => t.chatPlatform === chat.platform && t.chatChannelId === chat.channelId && t.chatMessageId === chat.messageId)
      ) {
        throw new AppError('conflict', { message: 'This chat message already opened a ticket.' });
      }
      const now = store.now();
      const ticket: Ticket = {
        id: randomUUID(),
        number: store.next('ticket'),
        source: input.source,
        requesterId: input.requesterId,
        apiKeyId: input.apiKeyId ?? null,
        message: input.message,
        status: 'OPEN',
        intent: null,
        confidence: null,
        labelledIntent: null,
        urgency: input.urgency?.level ?? 'NORMAL',
        urgencyScore: input.urgency?.score ?? null,
        priority: input.urgency?.priority ?? 'P3',
        escalationReason: null,
        response: null,
        responseSource: null,
        answerBasis: null,
        externalId: null,
        matchedTicketId: null,
        similarity: null,
        solutionDemotedAt: null,
        assigneeId: null,
        offeredToId: null,
        incidentId: null,
        chatPlatform: chat?.platform ?? null,
        chatWorkspaceId: chat?.workspaceId ?? null,
        chatChannelId: chat?.channelId ?? null,
        chatThreadId: chat?.threadId ?? null,
        chatMessageId: chat?.messageId ?? null,
        createdAt: now,
        updatedAt: now,
        firstResponseAt: null,
        resolvedAt: null,
        closedAt: null,
      };
      store.tickets.set(ticket.id, ticket);
      insertEvent(store, ticket.id, { ...event, fromStatus: null, toStatus: event.toStatus ?? 'OPEN' });
      return copy(ticket);
    },

    findById: async (id) => found(store.tickets.get(id)),

    async findWithRequesterName(id) {
      const ticket = store.tickets.get(id);
      if (!ticket) return null;
      return { ...copy(ticket), requesterName: store.users.get(ticket.requesterId)?.displayName ?? null };
    },

    findByNumber: async (number) => found(all().find((t) => t.number === number)),

    findByChatThread: async (platform, channelId, threadId) =>
      found(
        all()
          .sort(byNumberDesc)
          .find((t) => t.chatPlatform === platform && t.chatChannelId === channelId && t.chatThreadId === threadId),
      ),

    findByChatMessage: async (platform, channelId, messageId) =>
      found(all().find((t) => t.chatPlatform === platform && t.chatChannelId === channelId && t.chatMessageId === messageId)),

    async list(query) {
      const matches = (t: Ticket) =>
        (query.requesterId === undefined || t.requesterId === query.requesterId) &&
        (query.apiKeyId === undefined || t.apiKeyId === query.apiKeyId) &&
        (query.status === undefined || t.status === query.status) &&
        (query.intent === undefined || t.intent === query.intent) &&
        (query.source === undefined || t.source === query.source) &&
        (query.priority === undefined || t.priority === query.priority) &&
        (query.cursor === undefined || t.number < query.cursor);
      const rows = all()
        .filter(matches)
        .sort(byNumberDesc)
        .slice(0, query.limit + 1);
      const items = rows.slice(0, query.limit).map(copy);
      return { items, nextCursor: rows.length > query.limit ? String(items[items.length - 1]!.number) : null };
    },

    listOpen: async (limit, createdBefore) =>
      all()
        .filter((t) => t.status === 'OPEN' && (!createdBefore || t.createdAt < createdBefore))
        .sort((a, b) => a.number - b.number)
        .slice(0, limit)
        .map((t) => ({ id: t.id, priority: t.priority })),

    async transition(id, from, to, patch, event) {
      const ticket = store.tickets.get(id);
      // The conditional UPDATE: of two changes from the same status, only the first finds it.
      if (!ticket || ticket.status !== from) return null;
      applyPatch(store, ticket, patch);
      ticket.status = to;
      insertEvent(store, id, { ...event, fromStatus: from, toStatus: to });
      return copy(ticket);
    },

    async appendEvent(ticketId, event) {
      insertEvent(store, ticketId, event);
    },

    async update(id, patch, event) {
      const ticket = store.tickets.get(id);
      if (!ticket) return null;
      applyPatch(store, ticket, patch);
      insertEvent(store, id, event);
      return copy(ticket);
    },

    listEvents: async (ticketId) => store.events.filter((e) => e.ticketId === ticketId).map((e) => copy(e)),
  };
}
