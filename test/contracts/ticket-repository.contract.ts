// What every TicketRepository does, written once and run against the in-memory one
// (test/unit/memory-ticket-repository.test.ts) and the PostgreSQL one
// (test/integration/ticket-repository-contract.test.ts), so the fake the fast specs stand on
// cannot drift from the real thing. Rows other tests left behind never matter: every test works
// on its own requester, channel and tickets.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import type { NewTicket, TicketRepository } from '../../src/domain/ports/tickets.js';
import type { Actor, Ticket } from '../../src/domain/ticket.js';

export interface TicketRepositoryFixture {
  tickets: TicketRepository;
  /** A user who may open tickets and be assigned them (tickets reference their users). */
  newUser(displayName?: string | null): Promise<string>;
}

const system: Actor = { kind: 'system' };

export function ticketRepositoryContract(fixture: () => TicketRepositoryFixture): void {
  const open = async (input: Partial<NewTicket> = {}): Promise<Ticket> => {
    const { tickets, newUser } = fixture();
    const requesterId = input.requesterId ?? (await newUser());
    return tickets.create({ source: 'API', requesterId, message: 'My invoice is wrong', ...input }, { type: 'created', actor: system });
  };
  const chatAt = (channelId: string, messageId: string | null) => ({
    platform: 'SLACK' as const,
    workspaceId: 'T1',
    channelId,
    threadId: messageId,
    messageId,
  });

  describe('create', () => {
    it('stores an OPEN ticket with a number, the defaults and its "created" event', async () => {
      const { tickets, newUser } = fixture();
      const requesterId = await newUser();
      const actor: Actor = { kind: 'user', userId: requesterId, role: 'USER' };
      const ticket = await tickets.create(
        { source: 'API', requesterId, message: 'Where is my parcel?' },
        { type: 'created', actor, data: { length: 19 } },
      );
      expect(ticket).toMatchObject({
        status: 'OPEN',
        source: 'API',
        requesterId,
        apiKeyId: null,
        message: 'Where is my parcel?',
        urgency: 'NORMAL',
        urgencyScore: null,
        priority: 'P3',
        assigneeId: null,
        incidentId: null,
        response: null,
        chatPlatform: null,
        chatThreadId: null,
      });
      expect(ticket.number).toBeGreaterThan(0);
      expect(ticket.updatedAt.getTime()).toBe(ticket.createdAt.getTime());
      expect(await tickets.listEvents(ticket.id)).toEqual([
        expect.objectContaining({
          type: 'created',
          fromStatus: null,
          toStatus: 'OPEN',
          actorType: 'USER',
          actorId: requesterId,
          data: { length: 19 },
        }),
      ]);
    });

    it('numbers tickets in the order they were opened', async () => {
      const first = await open();
      const second = await open();
      expect(second.number).toBeGreaterThan(first.number);
    });

    it('keeps the urgency and where the chat conversation lives', async () => {
      const channelId = `C-${randomUUID()}`;
      const ticket = await open({
        source: 'SLACK',
        chat: { platform: 'SLACK', workspaceId: 'T1', channelId, threadId: '1700.1', messageId: '1700.2' },
        urgency: { score: 0.85, level: 'CRITICAL', priority: 'P1' },
      });
      expect(ticket).toMatchObject({
        urgency: 'CRITICAL',
        urgencyScore: 0.85,
        priority: 'P1',
        chatPlatform: 'SLACK',
        chatWorkspaceId: 'T1',
        chatChannelId: channelId,
        chatThreadId: '1700.1',
        chatMessageId: '1700.2',
      });
    });

    it('refuses a second ticket for the same chat message with `conflict`, and stores nothing for it', async () => {
      const { tickets } = fixture();
      const channelId = `C-${randomUUID()}`;
      const first = await open({ source: 'SLACK', chat: chatAt(channelId, 'M1') });
      const again = open({ source: 'SLACK', chat: chatAt(channelId, 'M1') });
      await expect(again).rejects.toBeInstanceOf(AppError);
      await expect(again).rejects.toMatchObject({ code: 'conflict' });
      expect((await tickets.findByChatMessage('SLACK', channelId, 'M1'))?.id).toBe(first.id);
      expect((await tickets.findByChatThread('SLACK', channelId, 'M1'))?.id).toBe(first.id);
    });

    it('lets tickets without a chat message, or with the same message id in another channel, coexist', async () => {
      const channelId = `C-${randomUUID()}`;
      await open({ source: 'SLACK', chat: chatAt(channelId, null) });
      await expect(open({ source: 'SLACK', chat: chatAt(channelId, null) })).resolves.toMatchObject({ chatMessageId: null });
      await open({ source: 'SLACK', chat: chatAt(channelId, 'M1') });
      await expect(open({ source: 'SLACK', chat: chatAt(`${channelId}-other`, 'M1') })).resolves.toMatchObject({ chatMessageId: 'M1' });
    });
  });

  describe('reading', () => {
    it('finds a ticket by id and by number, and nothing for unknown ones', async () => {
      const { tickets } = fixture();
      const ticket = await open();
      expect(await tickets.findById(ticket.id)).toEqual(ticket);
      expect(await tickets.findByNumber(ticket.number)).toEqual(ticket);
      expect(await tickets.findById(randomUUID())).toBeNull();
      expect(await tickets.findByNumber(999_999_999)).toBeNull();
    });

    it('reads a ticket with its requester’s display name, null when they have none', async () => {
      const { tickets, newUser } = fixture();
      const named = await open({ requesterId: await newUser('Robin Requester') });
      const anonymous = await open({ requesterId: await newUser(null) });
      expect(await tickets.findWithRequesterName(named.id)).toEqual({ ...named, requesterName: 'Robin Requester' });
      expect(await tickets.findWithRequesterName(anonymous.id)).toMatchObject({ id: anonymous.id, requesterName: null });
      expect(await tickets.findWithRequesterName(randomUUID())).toBeNull();
    });

    it('finds the newest ticket of a chat thread, only on that platform and channel', async () => {
      const { tickets } = fixture();
      const channelId = `C-${randomUUID()}`;
      const thread = { platform: 'DISCORD' as const, workspaceId: 'G1', channelId, threadId: 'TH1', messageId: null };
      await open({ source: 'DISCORD', chat: thread });
      const newer = await open({ source: 'DISCORD', chat: thread });
      expect((await tickets.findByChatThread('DISCORD', channelId, 'TH1'))?.id).toBe(newer.id);
      expect(await tickets.findByChatThread('SLACK', channelId, 'TH1')).toBeNull();
      expect(await tickets.findByChatThread('DISCORD', `${channelId}-other`, 'TH1')).toBeNull();
      expect(await tickets.findByChatThread('DISCORD', channelId, 'TH2')).toBeNull();
    });

    it('hands out copies: changing a ticket it returned changes nothing stored', async () => {
      const { tickets } = fixture();
      const ticket = await open();
      ticket.status = 'CLOSED';
      ticket.message = 'changed';
      expect(await tickets.findById(ticket.id)).toMatchObject({ status: 'OPEN', message: 'My invoice is wrong' });
    });
  });

  describe('transition', () => {
    it('moves the ticket, sets the patch and records the event with both statuses', async () => {
      const { tickets, newUser } = fixture();
      const agentId = await newUser();
      const ticket = await open();
      const actor: Actor = { kind: 'user', userId: agentId, role: 'AGENT' };
      await tickets.transition(ticket.id, 'OPEN', 'ESCALATED', { escalationReason: 'low_confidence' }, { type: 'triaged', actor: system });
      const claimed = await tickets.transition(ticket.id, 'ESCALATED', 'IN_PROGRESS', { assigneeId: agentId }, { type: 'claimed', actor });
      expect(claimed).toMatchObject({ id: ticket.id, status: 'IN_PROGRESS', assigneeId: agentId, escalationReason: 'low_confidence' });
      expect(claimed!.updatedAt.getTime()).toBeGreaterThanOrEqual(ticket.updatedAt.getTime());
      expect(await tickets.findById(ticket.id)).toEqual(claimed);
      const events = await tickets.listEvents(ticket.id);
      expect(events.map((e) => [e.type, e.fromStatus, e.toStatus, e.actorType, e.actorId])).toEqual([
        ['created', null, 'OPEN', 'SYSTEM', null],
        ['triaged', 'OPEN', 'ESCALATED', 'SYSTEM', null],
        ['claimed', 'ESCALATED', 'IN_PROGRESS', 'USER', agentId],
      ]);
    });

    it('leaves fields the patch does not name alone, and clears those it sets to null', async () => {
      const { tickets, newUser } = fixture();
      const agentId = await newUser();
      const ticket = await open();
      await tickets.transition(
        ticket.id,
        'OPEN',
        'ESCALATED',
        { intent: 'billing', escalationReason: 'urgent' },
        { type: 'triaged', actor: system },
      );
      await tickets.transition(ticket.id, 'ESCALATED', 'IN_PROGRESS', { assigneeId: agentId }, { type: 'claimed', actor: system });
      const released = await tickets.transition(
        ticket.id,
        'IN_PROGRESS',
        'ESCALATED',
        { assigneeId: null, intent: undefined },
        { type: 'released', actor: system },
      );
      expect(released).toMatchObject({ status: 'ESCALATED', assigneeId: null, intent: 'billing', escalationReason: 'urgent' });
    });

    it('returns null and changes nothing when the ticket is no longer in the expected status', async () => {
      const { tickets } = fixture();
      const ticket = await open();
      expect(
        await tickets.transition(ticket.id, 'ESCALATED', 'IN_PROGRESS', { response: 'x' }, { type: 'claimed', actor: system }),
      ).toBeNull();
      expect(await tickets.findById(ticket.id)).toEqual(ticket);
      expect((await tickets.listEvents(ticket.id)).map((e) => e.type)).toEqual(['created']);
      expect(await tickets.transition(randomUUID(), 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system })).toBeNull();
    });

    it('lets exactly one of two concurrent changes from the same status through', async () => {
      const { tickets, newUser } = fixture();
      const [first, second] = [await newUser(), await newUser()];
      const ticket = await open();
      await tickets.transition(ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
      const claim = (userId: string) =>
        tickets.transition(
          ticket.id,
          'ESCALATED',
          'IN_PROGRESS',
          { assigneeId: userId },
          { type: 'claimed', actor: { kind: 'user', userId, role: 'AGENT' } },
        );
      const results = await Promise.all([claim(first), claim(second)]);
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await tickets.findById(ticket.id))?.assigneeId).toBe(winners[0]!.assigneeId);
      expect((await tickets.listEvents(ticket.id)).filter((e) => e.type === 'claimed')).toHaveLength(1);
    });
  });

  describe('update and events', () => {
    it('changes fields other than the status with their event, and returns null for an unknown ticket', async () => {
      const { tickets } = fixture();
      const ticket = await open();
      const demotedAt = new Date('2026-01-02T03:04:05.678Z');
      const updated = await tickets.update(
        ticket.id,
        { solutionDemotedAt: demotedAt },
        { type: 'solution_demoted', actor: system, data: { becauseOf: ticket.id } },
      );
      expect(updated).toMatchObject({ status: 'OPEN', solutionDemotedAt: demotedAt });
      expect((await tickets.listEvents(ticket.id)).at(-1)).toMatchObject({
        type: 'solution_demoted',
        fromStatus: null,
        toStatus: null,
        data: { becauseOf: ticket.id },
      });
      expect(await tickets.update(randomUUID(), { response: 'x' }, { type: 'solution_demoted', actor: system })).toBeNull();
    });

    it('appends events in order, with each kind of actor, their data read back as JSON', async () => {
      const { tickets, newUser } = fixture();
      const userId = await newUser();
      const ticket = await open();
      const apiKeyId = randomUUID();
      await tickets.appendEvent(ticket.id, {
        type: 'feedback',
        actor: { kind: 'user', userId, role: 'USER' },
        data: { helpful: true, rating: null },
      });
      await tickets.appendEvent(ticket.id, {
        type: 'feedback',
        actor: { kind: 'api_key', apiKeyId },
        data: { at: new Date('2026-01-01T00:00:00Z') },
      });
      const events = await tickets.listEvents(ticket.id);
      expect(events.slice(1).map((e) => ({ actorType: e.actorType, actorId: e.actorId, data: e.data }))).toEqual([
        { actorType: 'USER', actorId: userId, data: { helpful: true, rating: null } },
        { actorType: 'API_KEY', actorId: apiKeyId, data: { at: '2026-01-01T00:00:00.000Z' } },
      ]);
      expect(events.every((e) => typeof e.id === 'string' && e.createdAt instanceof Date)).toBe(true);
      expect(await tickets.listEvents(randomUUID())).toEqual([]);
    });

    it('refuses an event for a ticket that does not exist', async () => {
      const { tickets } = fixture();
      await expect(tickets.appendEvent(randomUUID(), { type: 'feedback', actor: system })).rejects.toThrow();
    });
  });

  describe('listing', () => {
    it('lists newest first, filtered, one page at a time until the last', async () => {
      const { tickets, newUser } = fixture();
      const requesterId = await newUser();
      const made = [await open({ requesterId }), await open({ requesterId }), await open({ requesterId })];
      await open(); // someone else's
      await tickets.transition(made[1]!.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
      const first = await tickets.list({ requesterId, limit: 2 });
      expect(first.items.map((t) => t.id)).toEqual([made[2]!.id, made[1]!.id]);
      expect(first.nextCursor).toBe(String(made[1]!.number));
      const last = await tickets.list({ requesterId, limit: 2, cursor: Number(first.nextCursor) });
      expect(last).toEqual({ items: [expect.objectContaining({ id: made[0]!.id })], nextCursor: null });
      expect((await tickets.list({ requesterId, status: 'ESCALATED', limit: 10 })).items.map((t) => t.id)).toEqual([made[1]!.id]);
      expect((await tickets.list({ requesterId, limit: 3 })).nextCursor).toBeNull();
    });

    it('lists OPEN tickets oldest first with their priority, only those created before the given time', async () => {
      const { tickets } = fixture();
      const older = await open({ urgency: { score: 0.9, level: 'CRITICAL', priority: 'P1' } });
      // Far enough apart that the database's clock tells them apart (it counts milliseconds).
      await new Promise((resolve) => setTimeout(resolve, 5));
      const decided = await open();
      await tickets.transition(decided.id, 'OPEN', 'AUTO_RESOLVED', {}, { type: 'triaged', actor: system });
      const newer = await open();
      const mine = (rows: { id: string }[]) => rows.filter((r) => [older.id, decided.id, newer.id].includes(r.id));
      expect(mine(await tickets.listOpen(1000))).toEqual([
        { id: older.id, priority: 'P1' },
        { id: newer.id, priority: 'P3' },
      ]);
      expect(mine(await tickets.listOpen(1000, newer.createdAt))).toEqual([{ id: older.id, priority: 'P1' }]);
      const two = await tickets.listOpen(2);
      expect(two).toHaveLength(2);
      for (const { id } of two) expect((await tickets.findById(id))?.status).toBe('OPEN');
    });
  });
}
