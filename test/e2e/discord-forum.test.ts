// A Discord forum as intake, end to end: the real service (API + worker on PostgreSQL and Redis) with a
// real discord.js client on the fake Discord. A member who manages the server makes a forum the
// support forum; every new post there becomes a ticket answered in the post, whose tag follows the
// ticket's status; follow-ups in the post join it; other forums, and the forum once turned off, open nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETUP_REFUSAL } from '../../src/adapters/discord/handlers/firstline-command.js';
import { CUSTOM, customId } from '../../src/adapters/discord/messages.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  AGENTS_CHANNEL_ID,
  FORUM_CHANNEL,
  FORUM_TAGS,
  FakeDiscord,
  GUILD_ID,
  OTHER_FORUM,
  user,
  type CommandOption,
  type DiscordCall,
} from '../fakes/fake-discord.js';

const AUTO = 'I forgot my password and cannot log in';
const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
const ADMIN = user('710000000000000001', 'boss');
const MANAGER = user('710000000000000002', 'mgr');
const AGENT = user('710000000000000003', 'ana');
const BUG = FORUM_TAGS.find((t) => t.name === 'Bug')!.id;

let fake: FakeDiscord;
let app: TestApp;
let seq = 0;
const newCustomer = () => user(String(810_000_000_000_000_000n + BigInt((seq += 1))), `fcust${seq}`);

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  fake.agents.add(AGENT.id);
  app = await startTestApp({
    ...fake.appEnv(),
    DISCORD_ADMIN_USER_IDS: ADMIN.id,
    INCIDENT_MIN_TICKETS: '1000',
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const services = () => app.running.services;
const untilStatus = (ticketId: string, statuses: Ticket['status'][]) => untilStatusOf(services(), ticketId, statuses);
const content = (call: DiscordCall): string => String(call.body?.content ?? '');
const ticketOfPost = (threadId: string) =>
  eventually(() => services().tickets.findByChatMessage('DISCORD', FORUM_CHANNEL, threadId), `the ticket of post ${threadId}`);
const ticketsIn = (forumId: string) => services().db.prisma.ticket.count({ where: { source: 'DISCORD', chatChannelId: forumId } });
const untilTagged = (threadId: string, tags: string[]) =>
  fake.waitFor(() => JSON.stringify(fake.tagsOf(threadId)) === JSON.stringify(tags) && fake.tagsOf(threadId));

/** `/firstline setup …` and its ephemeral answer. */
async function setup(options: CommandOption[], from: typeof ADMIN, where: { admin?: boolean } = {}): Promise<string> {
  const interaction = fake.command('firstline', [{ name: 'setup', type: 1, options }], from, where);
  const answer = await fake.waitFor(() => fake.callbackOf(interaction));
  expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
  return String((answer.body?.data as { content?: string }).content);
}

describe('/firstline setup support-forum', () => {
  it('is refused to a member without Manage Server, and changes nothing', async () => {
    expect(await setup([{ name: 'support-forum', type: 7, value: FORUM_CHANNEL }], newCustomer())).toBe(SETUP_REFUSAL);
    expect(await services().supportChannels.find('DISCORD', FORUM_CHANNEL)).toBeNull();
    expect(await setup([], newCustomer())).toMatch(/^No support forum is set/);
  });

  it('makes the forum the server’s support forum for a member with Manage Server, and shows it to anyone', async () => {
    const text = await setup([{ name: 'support-forum', type: 7, value: FORUM_CHANNEL }], MANAGER, { admin: true });
    expect(text).toContain(`Support forum: <#${FORUM_CHANNEL}>`);
    const manager = await services().users.findOrCreateChatUser({ platform: 'DISCORD', workspaceId: '', platformUserId: MANAGER.id });
    expect(await services().supportChannels.find('DISCORD', FORUM_CHANNEL)).toMatchObject({
      workspaceId: GUILD_ID,
      channelId: FORUM_CHANNEL,
      audience: 'EVERYONE',
      enabledById: manager.id,
    });
    expect(await setup([], newCustomer())).toContain(`Support forum: <#${FORUM_CHANNEL}>`);
  });

  it('accepts Firstline’s Discord admins too', async () => {
    expect(await setup([{ name: 'support-forum', type: 7, value: FORUM_CHANNEL }], ADMIN)).toContain(`<#${FORUM_CHANNEL}>`);
  });
});

describe('posts in the support forum', () => {
  it('answers a new post in the post itself, with its title in the ticket, and tags it answered keeping its other tags', async () => {
    const customer = newCustomer();
    const { threadId } = fake.forumPost(customer, FORUM_CHANNEL, 'Login trouble', AUTO, [BUG]);
    const opened = await ticketOfPost(threadId);
    expect(opened).toMatchObject({ source: 'DISCORD', chatChannelId: FORUM_CHANNEL, chatThreadId: threadId, chatMessageId: threadId });
    expect(opened.message).toBe(`Login trouble\n\n${AUTO}`);
    const ticket = await untilStatus(opened.id, ['AUTO_RESOLVED']);
    const answer = await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).includes(ticket.response!)));
    expect(answer.status).toBe(200);
    expect(fake.postsIn(FORUM_CHANNEL)).toEqual([]);
    expect(await untilTagged(threadId, ['Bug', 'Answered'])).toEqual(['Bug', 'Answered']);
    // Open while it was being decided.
    const edits = fake.callsTo('PATCH', new RegExp(`/channels/${threadId}$`)).map((c) => c.body?.applied_tags);
    expect(edits[0]).toEqual([BUG, FORUM_TAGS.find((t) => t.name === 'Open')!.id]);
  });

  it('tags the post resolved when its customer says the answer solved it', async () => {
    const customer = newCustomer();
    const { threadId } = fake.forumPost(customer, FORUM_CHANNEL, 'Password', AUTO);
    const ticket = await untilStatus((await ticketOfPost(threadId)).id, ['AUTO_RESOLVED']);
    const answer = await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).includes(ticket.response!)));
    await untilTagged(threadId, ['Answered']);
    fake.click(customId(CUSTOM.helpful, ticket.id), customer, {
      channelId: threadId,
      id: String(answer.response?.id),
      content: content(answer),
    });
    await untilStatus(ticket.id, ['CLOSED']);
    await untilTagged(threadId, ['Resolved']);
  });

  it('tags a post asking for a person "with an agent", tells the customer in the post and posts for agents; the agent’s answer resolves it', async () => {
    const customer = newCustomer();
    const { threadId } = fake.forumPost(customer, FORUM_CHANNEL, 'Charged twice', HUMAN);
    const ticket = await untilStatus((await ticketOfPost(threadId)).id, ['ESCALATED']);
    await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).includes('person will follow up')));
    await fake.waitFor(() => fake.postsIn(AGENTS_CHANNEL_ID).find((c) => content(c).startsWith(`**Ticket #${ticket.number}**`)));
    await untilTagged(threadId, ['With an agent']);

    fake.command(
      'resolve',
      [
        { name: 'ticket', type: 4, value: ticket.number },
        { name: 'reply', type: 3, value: 'Refunded the second charge.' },
      ],
      AGENT,
      { channelId: AGENTS_CHANNEL_ID },
    );
    await untilStatus(ticket.id, ['RESOLVED']);
    await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).startsWith('Refunded the second charge.')));
    await untilTagged(threadId, ['Resolved']);
  });

  it('takes the customer’s messages in the post as follow-ups and an agent’s as the reply', async () => {
    const customer = newCustomer();
    const { threadId } = fake.forumPost(customer, FORUM_CHANNEL, 'Refund please', HUMAN);
    const ticket = await untilStatus((await ticketOfPost(threadId)).id, ['ESCALATED']);
    fake.message(customer, 'It happened on the 3rd of May', threadId);
    await eventually(async () => (await services().messages.listForTicket(ticket.id)).length === 1, 'the follow-up');
    fake.message(AGENT, 'Looking into it now', threadId);
    const messages = await eventually(async () => {
      const all = await services().messages.listForTicket(ticket.id);
      return all.length === 2 && all;
    }, 'the agent’s reply');
    expect(messages.map((m) => [m.direction, m.body])).toEqual([
      ['INBOUND', 'It happened on the 3rd of May'],
      ['OUTBOUND', 'Looking into it now'],
    ]);
    expect(await services().db.prisma.ticket.count({ where: { chatThreadId: threadId } })).toBe(1);
  });

  it('opens nothing for a post by an agent, or a post in a forum that is not the support forum', async () => {
    const customer = newCustomer();
    const before = await ticketsIn(FORUM_CHANNEL);
    fake.forumPost(customer, OTHER_FORUM, 'Login trouble', AUTO);
    fake.forumPost(AGENT, FORUM_CHANNEL, 'Known issue: exports are slow', 'We are on it.');
    // A post sent after them is handled, so the ones before have been seen and dropped.
    const later = fake.forumPost(customer, FORUM_CHANNEL, 'VAT number', 'Our invoices show the wrong VAT number');
    await ticketOfPost(later.threadId);
    expect(await ticketsIn(OTHER_FORUM)).toBe(0);
    expect(await ticketsIn(FORUM_CHANNEL)).toBe(before + 1);
  });

  it('opens one ticket for a post however often the gateway delivers it', async () => {
    const post = fake.forumPost(newCustomer(), FORUM_CHANNEL, 'Two factor', 'My 2FA codes are rejected');
    post.redeliver();
    const ticket = await ticketOfPost(post.threadId);
    await eventually(async () => (await services().tickets.findById(ticket.id))?.status !== 'OPEN', 'the ticket decided');
    post.redeliver();
    const later = fake.forumPost(newCustomer(), FORUM_CHANNEL, 'Export', 'The CSV export is empty');
    await ticketOfPost(later.threadId);
    expect(await services().db.prisma.ticket.count({ where: { chatChannelId: FORUM_CHANNEL, chatMessageId: post.threadId } })).toBe(1);
  });
});

describe('turning the support forum off', () => {
  it('is refused to others, and afterwards new posts open nothing', async () => {
    expect(await setup([{ name: 'support-forum-off', type: 5, value: true }], newCustomer())).toBe(SETUP_REFUSAL);
    expect(await setup([{ name: 'support-forum-off', type: 5, value: true }], MANAGER, { admin: true })).toMatch(
      /^No support forum any more/,
    );
    expect(await services().supportChannels.find('DISCORD', FORUM_CHANNEL)).toBeNull();
    const before = await services().db.prisma.ticket.count();
    const customer = newCustomer();
    const { threadId } = fake.forumPost(customer, FORUM_CHANNEL, 'Login trouble', AUTO);
    // A DM sent after it opens a ticket, so the post has been seen and dropped.
    const dm = fake.nextId();
    fake.message(customer, AUTO, dm, true);
    await eventually(() => services().db.prisma.ticket.findFirst({ where: { chatChannelId: dm } }), 'the DM’s ticket');
    expect(await services().db.prisma.ticket.count()).toBe(before + 1);
    expect(await services().tickets.findByChatMessage('DISCORD', FORUM_CHANNEL, threadId)).toBeNull();
  });
});
