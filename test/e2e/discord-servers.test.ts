// One Discord bot, two servers, end to end: the real service (API + worker on PostgreSQL and Redis)
// with a real discord.js client on the fake Discord, which puts the bot in two servers. Server A holds
// DISCORD_AGENTS_CHANNEL_ID (the default server); server B sets its own agents' channel with
// `/firstline setup agents-channel:`. Each server's escalations reach its own agents only, its agents
// act on its tickets only, `/metrics` counts its own, a DM belongs to the server its customer shares
// with the bot (one who shares both is asked which), and removing the bot from a server ends that
// server's settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM_MESSAGE_GONE, NOT_IN_THAT_SERVER, NOT_YOUR_QUESTION, WHICH_SERVER } from '../../src/adapters/discord/dm-server-question.js';
import { SETUP_REFUSAL } from '../../src/adapters/discord/handlers/firstline-command.js';
import { CUSTOM, customId } from '../../src/adapters/discord/messages.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  AGENTS_CHANNEL_ID,
  APP_ID,
  FakeDiscord,
  GUILD_ID,
  SECOND_AGENTS_CHANNEL_ID,
  SECOND_FORUM_CHANNEL,
  SECOND_GUILD_ID,
  SECOND_SUPPORT_CHANNEL,
  SUPPORT_CHANNEL,
  user,
  type CommandOption,
  type DiscordCall,
  type FakeUser,
} from '../fakes/fake-discord.js';

const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
const ADMIN = user('720000000000000001', 'boss');
const AGENT_A = user('720000000000000002', 'ana');
const AGENT_B = user('720000000000000003', 'bea');
const MANAGER_B = user('720000000000000004', 'mgrb');

let fake: FakeDiscord;
let app: TestApp;
let seq = 0;
const newCustomer = () => user(String(820_000_000_000_000_000n + BigInt((seq += 1))), `scust${seq}`);
const SERVER_A = { guildId: GUILD_ID, support: SUPPORT_CHANNEL, agents: AGENTS_CHANNEL_ID };
const SERVER_B = { guildId: SECOND_GUILD_ID, support: SECOND_SUPPORT_CHANNEL, agents: SECOND_AGENTS_CHANNEL_ID };
type Server = typeof SERVER_A;

beforeAll(async () => {
  fake = await new FakeDiscord({ secondServer: true }).start();
  fake.agents.add(AGENT_A.id);
  fake.secondAgents.add(AGENT_B.id);
  fake.members.set(GUILD_ID, new Set([ADMIN.id, AGENT_A.id]));
  fake.members.set(SECOND_GUILD_ID, new Set([ADMIN.id, AGENT_B.id, MANAGER_B.id]));
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
const agentsPostIn = (channelId: string, ticket: Ticket) =>
  fake.postsIn(channelId).find((c) => content(c).startsWith(`**Ticket #${ticket.number}**`));

/** A customer who belongs to these servers only (for DMs: which server they share with the bot). */
function memberOf(...guilds: string[]): FakeUser {
  const customer = newCustomer();
  for (const guild of guilds) fake.members.get(guild)!.add(customer.id);
  return customer;
}

const latestTicketOf = (customer: { id: string }) =>
  eventually(async () => {
    const identity = await services().db.prisma.chatIdentity.findFirst({ where: { platform: 'DISCORD', platformUserId: customer.id } });
    return identity && services().db.prisma.ticket.findFirst({ where: { requesterId: identity.userId }, orderBy: { number: 'desc' } });
  }, `a ticket from ${customer.id}`);

/** A /support in a server's support channel that needs a person, once escalated. */
async function escalatedIn(server: Server): Promise<Ticket> {
  const customer = memberOf(server.guildId);
  fake.command('support', [{ name: 'message', type: 3, value: HUMAN }], customer, { channelId: server.support });
  const opened = await latestTicketOf(customer);
  expect(opened.chatWorkspaceId).toBe(server.guildId);
  return untilStatus(opened.id, ['ESCALATED']);
}

/** `/firstline setup …` in a server and its ephemeral answer. */
async function setup(server: Server, options: CommandOption[], from: FakeUser, where: { admin?: boolean } = {}): Promise<string> {
  const interaction = fake.command('firstline', [{ name: 'setup', type: 1, options }], from, { channelId: server.support, ...where });
  const answer = await fake.waitFor(() => fake.callbackOf(interaction));
  expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
  return String((answer.body?.data as { content?: string }).content);
}

/** The ephemeral answer to an interaction, once it came. */
const answerTo = async (interaction: { id: string; token: string }) =>
  String(((await fake.waitFor(() => fake.callbackOf(interaction))).body?.data as { content?: string } | undefined)?.content);

describe('/firstline setup agents-channel', () => {
  it('is refused to a member of B without Manage Server, and B has no agents’ channel until it sets one', async () => {
    const option = [{ name: 'agents-channel', type: 7, value: SECOND_AGENTS_CHANNEL_ID }];
    expect(await setup(SERVER_B, option, newCustomer())).toBe(SETUP_REFUSAL);
    expect(await services().workspaces.find('DISCORD', SECOND_GUILD_ID)).toBeNull();
    // DISCORD_AGENTS_CHANNEL_ID is A's: it is not B's default.
    expect(await setup(SERVER_B, [], newCustomer())).toContain("Agents' channel: none");
    expect(await setup(SERVER_A, [], newCustomer())).toContain(`Agents' channel: <#${AGENTS_CHANNEL_ID}> (the deployment’s default)`);
  });

  it('never posts B’s escalations in A’s agents’ channel while B has none', async () => {
    const ticket = await escalatedIn(SERVER_B);
    const threadId = await eventually(async () => (await services().tickets.findById(ticket.id))?.chatThreadId, 'the ticket thread');
    await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).includes('person will follow up')));
    await new Promise((r) => setTimeout(r, 500));
    expect(agentsPostIn(AGENTS_CHANNEL_ID, ticket)).toBeUndefined();
  });

  it('stores B’s agents’ channel for a member of B with Manage Server, and shows it to anyone in B', async () => {
    const text = await setup(SERVER_B, [{ name: 'agents-channel', type: 7, value: SECOND_AGENTS_CHANNEL_ID }], MANAGER_B, { admin: true });
    expect(text).toContain(`Agents' channel: <#${SECOND_AGENTS_CHANNEL_ID}>.`);
    expect(await services().workspaces.find('DISCORD', SECOND_GUILD_ID)).toMatchObject({
      platform: 'DISCORD',
      workspaceId: SECOND_GUILD_ID,
      agentsChannelId: SECOND_AGENTS_CHANNEL_ID,
    });
    const shown = await setup(SERVER_B, [], newCustomer());
    expect(shown).toMatch(/^No support forum is set/);
    expect(shown).toContain(`Agents' channel: <#${SECOND_AGENTS_CHANNEL_ID}>.`);
    // A keeps the default.
    expect(await services().workspaces.find('DISCORD', GUILD_ID)).toBeNull();
  });
});

describe('two servers, each with its own agents’ channel', () => {
  it('posts an escalation from A in A’s agents’ channel and one from B in B’s, never in the other', async () => {
    const fromA = await escalatedIn(SERVER_A);
    const fromB = await escalatedIn(SERVER_B);
    await fake.waitFor(() => agentsPostIn(AGENTS_CHANNEL_ID, fromA));
    await fake.waitFor(() => agentsPostIn(SECOND_AGENTS_CHANNEL_ID, fromB));
    expect(agentsPostIn(SECOND_AGENTS_CHANNEL_ID, fromA)).toBeUndefined();
    expect(agentsPostIn(AGENTS_CHANNEL_ID, fromB)).toBeUndefined();
  });

  it('answers B’s agent clicking Claim or Reply on A’s ticket, or /resolve of its number, as for a ticket that does not exist', async () => {
    const fromA = await escalatedIn(SERVER_A);
    const where = { channelId: SECOND_AGENTS_CHANNEL_ID, id: fake.nextId() };
    const claim = fake.click(customId(CUSTOM.claim, fromA.id), AGENT_B, where);
    expect(await answerTo(claim)).toBe('That ticket no longer exists.');
    const reply = fake.click(customId(CUSTOM.reply, fromA.id), AGENT_B, where);
    expect(await answerTo(reply)).toBe('That ticket no longer exists.');
    const modal = fake.submitModal(customId(CUSTOM.replyModal, fromA.id), { reply: 'Not yours' }, AGENT_B, SECOND_AGENTS_CHANNEL_ID);
    expect(await answerTo(modal)).toBe('That ticket no longer exists.');
    const resolve = fake.command(
      'resolve',
      [
        { name: 'ticket', type: 4, value: fromA.number },
        { name: 'reply', type: 3, value: 'Not yours either' },
      ],
      AGENT_B,
      { channelId: SECOND_AGENTS_CHANNEL_ID },
    );
    expect(await answerTo(resolve)).toBe(`There is no ticket #${fromA.number}.`);
    expect((await services().tickets.findById(fromA.id))?.status).toBe('ESCALATED');

    // B's own ticket is B's agent's to claim; and A's agent cannot claim it from A.
    const fromB = await escalatedIn(SERVER_B);
    const post = await fake.waitFor(() => agentsPostIn(SECOND_AGENTS_CHANNEL_ID, fromB));
    const fromAgentA = fake.click(customId(CUSTOM.claim, fromB.id), AGENT_A, { channelId: AGENTS_CHANNEL_ID, id: fake.nextId() });
    expect(await answerTo(fromAgentA)).toBe('That ticket no longer exists.');
    const own = fake.click(customId(CUSTOM.claim, fromB.id), AGENT_B, {
      channelId: SECOND_AGENTS_CHANNEL_ID,
      id: String(post.response?.id),
    });
    expect((await fake.waitFor(() => fake.callbackOf(own))).body).toMatchObject({ type: 6 });
    await untilStatus(fromB.id, ['IN_PROGRESS']);
  });

  it('counts B’s tickets and SLA timers only in /metrics in B, and the whole deployment’s in A (the default server)', async () => {
    const { prisma } = services().db;
    const inB = { chatPlatform: 'DISCORD' as const, chatWorkspaceId: SECOND_GUILD_ID };
    // A first response in time on one of B's tickets, and a late one on a ticket elsewhere.
    const stoppedTimer = (ticketId: string, breached: boolean) => ({
      ticketId,
      metric: 'FIRST_RESPONSE' as const,
      seq: 90,
      priority: 'P3' as const,
      state: 'met',
      breached,
      targetMinutes: 60,
      startedAt: new Date(Date.now() - 2 * 3_600_000),
      stoppedAt: new Date(Date.now() - 3_600_000),
    });
    await prisma.slaTimer.createMany({
      data: [
        stoppedTimer((await prisma.ticket.findFirstOrThrow({ where: inB })).id, false),
        stoppedTimer((await prisma.ticket.findFirstOrThrow({ where: { NOT: inB } })).id, true),
      ],
    });
    /** The first-response attainment of these tickets' timers over the last 30 days, as /metrics words it. */
    const firstResponseOf = async (where: object) => {
      const timers = await prisma.slaTimer.findMany({
        where: { metric: 'FIRST_RESPONSE', stoppedAt: { gte: new Date(Date.now() - 30 * 86_400_000) }, ticket: where },
      });
      const met = timers.filter((t) => !t.breached).length;
      return `First response ${Math.round((100 * met) / timers.length)}% (${met} of ${timers.length})`;
    };
    const window = [{ name: 'window', type: 3, value: '30d' }];
    const embedOf = (call: DiscordCall) => (call.body?.embeds as { description?: string; fields: { name: string; value: string }[] }[])[0]!;
    const ticketsField = (call: DiscordCall) => embedOf(call).fields.find((f) => f.name === 'Tickets')?.value;

    const commandB = fake.command('metrics', window, MANAGER_B, { channelId: SECOND_SUPPORT_CHANNEL, admin: true });
    const inServerB = await fake.waitFor(() => fake.editsOf(commandB)[0]);
    const countB = await prisma.ticket.count({ where: inB });
    expect(ticketsField(inServerB)).toBe(String(countB));
    expect(embedOf(inServerB).description).toContain(await firstResponseOf(inB));

    const commandA = fake.command('metrics', window, ADMIN, { channelId: SUPPORT_CHANNEL });
    const inServerA = await fake.waitFor(() => fake.editsOf(commandA)[0]);
    const all = await prisma.ticket.count();
    expect(all).toBeGreaterThan(countB);
    expect(ticketsField(inServerA)).toBe(String(all));
    expect(embedOf(inServerA).description).toContain(await firstResponseOf({}));
    expect(await firstResponseOf({})).not.toBe(await firstResponseOf(inB));
  });
});

describe('DMs', () => {
  it('opens a DM from a member of B only in B, and its escalation goes to B’s agents’ channel', async () => {
    const customer = memberOf(SECOND_GUILD_ID);
    const dm = fake.nextId();
    fake.message(customer, HUMAN, dm, true);
    const opened = await latestTicketOf(customer);
    expect(opened).toMatchObject({ chatChannelId: dm, chatWorkspaceId: SECOND_GUILD_ID });
    const ticket = await untilStatus(opened.id, ['ESCALATED']);
    await fake.waitFor(() => agentsPostIn(SECOND_AGENTS_CHANNEL_ID, ticket));
    await fake.waitFor(() => fake.postsIn(dm).find((c) => content(c).includes('person will follow up')));
    expect(agentsPostIn(AGENTS_CHANNEL_ID, ticket)).toBeUndefined();
  });

  it('opens /support typed in a DM by a member of B only in B, answered in the DM itself', async () => {
    const customer = memberOf(SECOND_GUILD_ID);
    const dm = fake.nextId();
    fake.command('support', [{ name: 'message', type: 3, value: HUMAN }], customer, { channelId: dm, dm: true });
    const opened = await latestTicketOf(customer);
    expect(opened).toMatchObject({ chatChannelId: dm, chatWorkspaceId: SECOND_GUILD_ID });
    const ticket = await untilStatus(opened.id, ['ESCALATED']);
    await fake.waitFor(() => agentsPostIn(SECOND_AGENTS_CHANNEL_ID, ticket));
    await fake.waitFor(() => fake.postsIn(dm).find((c) => content(c).includes('person will follow up')));
    expect(fake.callsTo('POST', /\/threads$/).filter((c) => c.path.includes(dm))).toHaveLength(0);
  });

  it('gives a DM from someone in neither server to the default server', async () => {
    const customer = memberOf();
    const dm = fake.nextId();
    fake.message(customer, HUMAN, dm, true);
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['ESCALATED']);
    expect(ticket.chatWorkspaceId).toBe('');
    await fake.waitFor(() => agentsPostIn(AGENTS_CHANNEL_ID, ticket));
    expect(fake.postsIn(dm).find((c) => content(c) === WHICH_SERVER)).toBeUndefined();
  });
});

describe('DMs from a member of both servers', () => {
  type Select = { custom_id: string; options: { label: string; value: string }[] };
  const selectOf = (call: DiscordCall) => (call.body?.components as { components: Select[] }[])[0]!.components[0]!;
  const ticketsIn = (dm: string) => services().db.prisma.ticket.count({ where: { chatChannelId: dm } });

  /** A DM from a member of both servers, and the question it is answered with. */
  async function asked(text = HUMAN) {
    const customer = memberOf(GUILD_ID, SECOND_GUILD_ID);
    const dm = fake.nextId();
    const messageId = fake.message(customer, text, dm, true);
    const call = await fake.waitFor(() => fake.postsIn(dm).find((c) => content(c) === WHICH_SERVER));
    const question = { channelId: dm, id: String(call.response?.id) };
    return { customer, dm, messageId, call, question, customId: selectOf(call).custom_id };
  }

  /** The question's message once edited after a choice (a deferred update, then an edit of @original). */
  const editAfter = async (interaction: { id: string; token: string }) => {
    expect((await fake.waitFor(() => fake.callbackOf(interaction))).body).toMatchObject({ type: 6 });
    return (await fake.waitFor(() => fake.editsOf(interaction)[0])).body;
  };

  /** A private answer to a choice (a follow-up message only its author sees). */
  const privateAnswerTo = async (interaction: { token: string }) =>
    (await fake.waitFor(() => fake.callsTo('POST', new RegExp(`/webhooks/${APP_ID}/${interaction.token}$`))[0])).body;

  it('asks which server, with both by name, and opens no ticket until one is chosen', async () => {
    const { dm, messageId, call, customId } = await asked();
    expect(customId).toBe(`dm-server:${messageId}`);
    expect(selectOf(call).options).toEqual([
      { label: 'Fake server', value: GUILD_ID },
      { label: 'Second server', value: SECOND_GUILD_ID },
    ]);
    // It answers the customer's message.
    expect(call.body?.message_reference).toMatchObject({ message_id: messageId });
    await new Promise((r) => setTimeout(r, 500));
    expect(await ticketsIn(dm)).toBe(0);
  });

  it('opens the ticket in the server chosen (B), escalated to B’s agents only, once however often it is chosen', async () => {
    const { customer, dm, messageId, question, customId } = await asked();
    const pick = fake.choose(customId, [SECOND_GUILD_ID], customer, question, { dm: true });
    const opened = await latestTicketOf(customer);
    expect(opened).toMatchObject({
      message: HUMAN,
      chatWorkspaceId: SECOND_GUILD_ID,
      chatChannelId: dm,
      chatThreadId: dm,
      chatMessageId: messageId,
    });
    expect(await editAfter(pick)).toMatchObject({ content: 'This is about **Second server**; I opened a ticket there.', components: [] });
    const ticket = await untilStatus(opened.id, ['ESCALATED']);
    await fake.waitFor(() => agentsPostIn(SECOND_AGENTS_CHANNEL_ID, ticket));
    await fake.waitFor(() => fake.postsIn(dm).find((c) => content(c).includes('person will follow up')));
    expect(agentsPostIn(AGENTS_CHANNEL_ID, ticket)).toBeUndefined();

    // Chosen again (another server even), and the same choice delivered twice: still the one ticket, in B.
    const again = fake.choose(customId, [GUILD_ID], customer, question, { dm: true });
    expect(await editAfter(again)).toMatchObject({ content: 'This is about **Second server**; I opened a ticket there.' });
    const twice = [0, 1].map(() => fake.choose(customId, [SECOND_GUILD_ID], customer, question, { dm: true }));
    for (const choice of twice) await editAfter(choice);
    expect(await ticketsIn(dm)).toBe(1);
    expect(await services().db.prisma.message.count({ where: { ticketId: ticket.id, direction: 'INBOUND' } })).toBe(0);
  });

  it('takes the next DM while that ticket is open as its follow-up, without asking again', async () => {
    const { customer, dm, question, customId } = await asked();
    fake.choose(customId, [SECOND_GUILD_ID], customer, question, { dm: true });
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['ESCALATED']);
    const followUp = fake.message(customer, 'Any news on this?', dm, true);
    await eventually(
      async () => (await services().db.prisma.message.count({ where: { ticketId: ticket.id, externalId: followUp } })) === 1,
      'the follow-up',
    );
    expect(fake.postsIn(dm).filter((c) => content(c) === WHICH_SERVER)).toHaveLength(1);
    expect(await ticketsIn(dm)).toBe(1);
  });

  it('opens nothing when the message was deleted before the choice, and says so', async () => {
    const { customer, dm, messageId, question, customId } = await asked();
    fake.deleteMessage(dm, messageId);
    const pick = fake.choose(customId, [SECOND_GUILD_ID], customer, question, { dm: true });
    expect(await editAfter(pick)).toMatchObject({ content: DM_MESSAGE_GONE, components: [] });
    expect(await ticketsIn(dm)).toBe(0);
  });

  it('refuses a server the customer has left since they were asked, and keeps the question', async () => {
    const { customer, dm, question, customId } = await asked();
    fake.members.get(SECOND_GUILD_ID)!.delete(customer.id);
    const pick = fake.choose(customId, [SECOND_GUILD_ID], customer, question, { dm: true });
    expect(await privateAnswerTo(pick)).toMatchObject({ content: NOT_IN_THAT_SERVER, flags: 64 });
    expect(fake.editsOf(pick)).toHaveLength(0);
    expect(await ticketsIn(dm)).toBe(0);
  });

  it('lets only the message’s author choose', async () => {
    const { dm, question, customId } = await asked();
    const stranger = memberOf(GUILD_ID, SECOND_GUILD_ID);
    const pick = fake.choose(customId, [SECOND_GUILD_ID], stranger, question, { dm: true });
    expect(await privateAnswerTo(pick)).toMatchObject({ content: NOT_YOUR_QUESTION, flags: 64 });
    expect(fake.editsOf(pick)).toHaveLength(0);
    expect(await ticketsIn(dm)).toBe(0);
  });
});

describe('leaving a server', () => {
  it('keeps B’s settings through an outage, and removes them and its support forum when the bot is removed; tickets stay', async () => {
    await setup(SERVER_B, [{ name: 'support-forum', type: 7, value: SECOND_FORUM_CHANNEL }], MANAGER_B, { admin: true });
    expect(await services().supportChannels.find('DISCORD', SECOND_FORUM_CHANNEL)).toMatchObject({ workspaceId: SECOND_GUILD_ID });
    const tickets = await services().db.prisma.ticket.count({ where: { chatWorkspaceId: SECOND_GUILD_ID } });

    fake.leaveGuild(SECOND_GUILD_ID, true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await services().workspaces.find('DISCORD', SECOND_GUILD_ID)).not.toBeNull();

    fake.leaveGuild(SECOND_GUILD_ID);
    await eventually(async () => (await services().workspaces.find('DISCORD', SECOND_GUILD_ID)) === null, 'B’s settings to go');
    expect(await services().supportChannels.find('DISCORD', SECOND_FORUM_CHANNEL)).toBeNull();
    expect(await services().db.prisma.ticket.count({ where: { chatWorkspaceId: SECOND_GUILD_ID } })).toBe(tickets);
    expect(await services().workspaces.find('DISCORD', GUILD_ID)).toBeNull();
  });
});
