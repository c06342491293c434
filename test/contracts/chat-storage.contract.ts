// What the chat storage ports do (ChatPostRepository, MessageRepository, SupportChannelRepository), written once and run
// against the in-memory ones (test/unit/memory-chat-storage.test.ts) and the PostgreSQL ones
// (test/integration/chat-storage-contract.test.ts). Every test works on its own ticket.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChatPostRepository, MessageRepository, SupportChannelRepository } from '../../src/domain/ports/chat.js';

export interface ChatStorageFixture {
  posts: ChatPostRepository;
  messages: MessageRepository;
  supportChannels: SupportChannelRepository;
  /** A ticket the posts and messages belong to, and its requester. */
  newTicket(): Promise<{ ticketId: string; requesterId: string }>;
}

export function chatStorageContract(fixture: () => ChatStorageFixture): void {
  describe('ChatPostRepository', () => {
    it('finds a recorded post by ticket and purpose, and by its message for that purpose only', async () => {
      const { posts, newTicket } = fixture();
      const { ticketId } = await newTicket();
      const channelId = `C-${randomUUID()}`;
      const post = { ticketId, platform: 'SLACK' as const, purpose: 'agents', channelId, messageId: '1700.1' };
      await posts.record(post);
      expect(await posts.find(ticketId, 'agents')).toEqual(post);
      expect(await posts.find(ticketId, 'header')).toBeNull();
      expect(await posts.findByMessage('SLACK', channelId, '1700.1', 'agents')).toEqual(post);
      expect(await posts.findByMessage('SLACK', channelId, '1700.1', 'header')).toBeNull();
      expect(await posts.findByMessage('DISCORD', channelId, '1700.1', 'agents')).toBeNull();
    });

    it('keeps the first record of a ticket and purpose', async () => {
      const { posts, newTicket } = fixture();
      const { ticketId } = await newTicket();
      await posts.record({ ticketId, platform: 'SLACK', purpose: 'triaged:customer', channelId: 'C1', messageId: 'first' });
      await posts.record({ ticketId, platform: 'SLACK', purpose: 'triaged:customer', channelId: 'C1', messageId: 'second' });
      expect(await posts.find(ticketId, 'triaged:customer')).toMatchObject({ messageId: 'first' });
    });
  });

  describe('MessageRepository', () => {
    it('stores a message once per platform message id on a ticket, and reads them back', async () => {
      const { messages, newTicket } = fixture();
      const { ticketId, requesterId } = await newTicket();
      const first = await messages.add({ ticketId, authorId: requesterId, direction: 'INBOUND', body: 'Any news?', externalId: 'M1' });
      expect(first).toMatchObject({ ticketId, authorId: requesterId, direction: 'INBOUND', body: 'Any news?', externalId: 'M1' });
      expect(await messages.add({ ticketId, authorId: requesterId, direction: 'INBOUND', body: 'Any news?', externalId: 'M1' })).toBeNull();
      const note = await messages.add({ ticketId, authorId: null, direction: 'INTERNAL', body: 'Checking', externalId: null });
      const another = await messages.add({ ticketId, authorId: null, direction: 'INTERNAL', body: 'Checking', externalId: null });
      expect(another).not.toBeNull();
      expect(await messages.findById(first!.id)).toEqual(first);
      const listed = (await messages.listForTicket(ticketId)).map((m) => m.id);
      expect(listed.sort()).toEqual([first!.id, note!.id, another!.id].sort());
    });

    it('lets the same platform message id be stored on another ticket', async () => {
      const { messages, newTicket } = fixture();
      const [a, b] = [await newTicket(), await newTicket()];
      await messages.add({ ticketId: a.ticketId, authorId: null, direction: 'INBOUND', body: 'x', externalId: 'M1' });
      expect(
        await messages.add({ ticketId: b.ticketId, authorId: null, direction: 'INBOUND', body: 'x', externalId: 'M1' }),
      ).not.toBeNull();
    });
  });

  describe('SupportChannelRepository', () => {
    it('turns a channel on, changes its audience in place, lists it by workspace, and turns it off once', async () => {
      const { supportChannels } = fixture();
      const [workspaceId, channelId] = [`T-${randomUUID()}`, `C-${randomUUID()}`];
      const on = await supportChannels.save({ platform: 'SLACK', workspaceId, channelId, audience: 'EXTERNAL', enabledById: null });
      expect(on).toMatchObject({ platform: 'SLACK', workspaceId, channelId, audience: 'EXTERNAL', enabledById: null });
      const changed = await supportChannels.save({ platform: 'SLACK', workspaceId, channelId, audience: 'EVERYONE', enabledById: null });
      expect(changed.audience).toBe('EVERYONE');
      expect(changed.createdAt).toEqual(on.createdAt);
      expect(await supportChannels.find('SLACK', channelId)).toEqual(changed);
      expect(await supportChannels.find('DISCORD', channelId)).toBeNull();
      expect(await supportChannels.list({ workspaceId })).toEqual([changed]);
      expect(await supportChannels.list({ workspaceId, platform: 'DISCORD' })).toEqual([]);
      expect(await supportChannels.remove('SLACK', channelId)).toBe(true);
      expect(await supportChannels.remove('SLACK', channelId)).toBe(false);
      expect(await supportChannels.find('SLACK', channelId)).toBeNull();
    });
  });
}
