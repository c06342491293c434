// What both chat adapters stand on: chat users linked to Firstline users, and tickets that know
// their chat thread. Real PostgreSQL and Redis, no worker (the tickets stay as opened).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { openChatTicket } from '../../src/pipeline/chat/intake/open-chat-ticket.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let services: Services;
beforeAll(async () => {
  app = await startTestApp({}, ['api']);
  services = app.running.services;
});
afterAll(() => app.stop());

const slackUser = (id: string) => ({ platform: 'SLACK' as const, workspaceId: 'T001', platformUserId: id, displayName: `Slack ${id}` });

describe('linking chat users', () => {
  it('creates a passwordless customer on first contact and finds the same one afterwards', async () => {
    const first = await services.users.findOrCreateChatUser(slackUser('U100'));
    expect(first).toMatchObject({ role: 'USER', email: null, displayName: 'Slack U100' });
    expect((await services.users.findOrCreateChatUser(slackUser('U100'))).id).toBe(first.id);
  });

  it('keeps the same platform user id in another workspace or on another platform apart', async () => {
    const slack = await services.users.findOrCreateChatUser(slackUser('U200'));
    const otherWorkspace = await services.users.findOrCreateChatUser({ ...slackUser('U200'), workspaceId: 'T002' });
    const discord = await services.users.findOrCreateChatUser({ ...slackUser('U200'), platform: 'DISCORD' });
    expect(new Set([slack.id, otherWorkspace.id, discord.id]).size).toBe(3);
  });

  it('links concurrent first contacts of one person to a single user', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => services.users.findOrCreateChatUser(slackUser('U300'))));
    expect(new Set(users.map((u) => u.id)).size).toBe(1);
    const identities = await services.db.prisma.chatIdentity.findMany({ where: { platformUserId: 'U300' } });
    expect(identities).toHaveLength(1);
    expect(await services.db.prisma.user.count({ where: { id: users[0]!.id } })).toBe(1);
  });
});

describe('opening a ticket from chat', () => {
  it('stores where the conversation lives and enqueues the ticket for the pipeline', async () => {
    const { ticket, duplicate } = await openChatTicket(
      { tickets: services.tickets, users: services.users, queue: services.queue, log: services.log },
      {
        who: slackUser('U400'),
        message: 'I cannot log in',
        chat: { platform: 'SLACK', workspaceId: 'T001', channelId: 'C1', threadId: '1700000000.000100', messageId: '1700000000.000100' },
      },
    );
    expect(ticket).toMatchObject({
      source: 'SLACK',
      status: 'OPEN',
      chatPlatform: 'SLACK',
      chatWorkspaceId: 'T001',
      chatChannelId: 'C1',
      chatThreadId: '1700000000.000100',
      chatMessageId: '1700000000.000100',
    });
    expect(duplicate).toBe(false);
    await services.queue.enqueued();
    expect(await services.queue.queue.getJob(ticket.id)).toBeDefined();
    const created = (await services.tickets.listEvents(ticket.id)).find((e) => e.type === 'created');
    expect(created).toMatchObject({ actorType: 'USER', actorId: ticket.requesterId });
  });

  it('finds the newest ticket of a thread, and none for an unknown thread', async () => {
    const deps = { tickets: services.tickets, users: services.users, queue: services.queue, log: services.log };
    const chat = { platform: 'DISCORD' as const, workspaceId: 'G1', channelId: 'C9', threadId: 'TH9', messageId: null };
    await openChatTicket(deps, { who: { ...slackUser('U500'), platform: 'DISCORD' }, message: 'first', chat });
    const newer = await openChatTicket(deps, { who: { ...slackUser('U500'), platform: 'DISCORD' }, message: 'second', chat });
    expect((await services.tickets.findByChatThread('DISCORD', 'C9', 'TH9'))?.id).toBe(newer.ticket.id);
    expect(await services.tickets.findByChatThread('SLACK', 'C9', 'TH9')).toBeNull();
    expect(await services.tickets.findByChatThread('DISCORD', 'C9', 'other')).toBeNull();
  });

  it('opens one ticket for a chat message delivered twice, even at the same moment', async () => {
    const deps = { tickets: services.tickets, users: services.users, queue: services.queue, log: services.log };
    const chat = {
      platform: 'SLACK' as const,
      workspaceId: 'T001',
      channelId: 'D77',
      threadId: '1700000077.000100',
      messageId: '1700000077.000100',
    };
    const results = await Promise.all(
      [1, 2, 3].map(() => openChatTicket(deps, { who: slackUser('U600'), message: 'refund please', chat })),
    );
    expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await services.db.prisma.ticket.count({ where: { chatChannelId: 'D77' } })).toBe(1);
  });
});
