// The Discord bot end to end: the real service (API + worker on PostgreSQL and Redis) with a real
// discord.js client on a local fake Discord (REST and gateway).
import { GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM, INTENT_FIELD, customId } from '../../src/adapters/discord/messages.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL_ID, FakeDiscord, SUPPORT_CHANNEL, user, type DiscordCall } from '../fakes/fake-discord.js';

const AUTO = 'I forgot my password and cannot log in';
const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
/** Out of scope: the default pack classifies it `unknown`. */
const WEATHER = 'What is the weather in Paris tomorrow?';
const ADMIN = user('700000000000000001', 'boss');
const AGENT_A = user('700000000000000002', 'ana');
const AGENT_B = user('700000000000000003', 'ben');

let fake: FakeDiscord;
let app: TestApp;
let seq = 0;
const newCustomer = () => user(String(800_000_000_000_000_000n + BigInt((seq += 1))), `cust${seq}`);

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  app = await startTestApp({
    ...fake.appEnv(),
    DISCORD_ADMIN_USER_IDS: ADMIN.id,
    // These tests send the same complaint from many customers; grouping them is smart-routing.test.ts's subject.
    INCIDENT_MIN_TICKETS: '1000',
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const tickets = () => app.running.services.tickets;

const untilStatus = (ticketId: string, statuses: Ticket['status'][]) => untilStatusOf(app.running.services, ticketId, statuses);

const latestTicketOf = (customer: { id: string }) =>
  eventually(async () => {
    const identity = await app.running.services.db.prisma.chatIdentity.findFirst({
      where: { platform: 'DISCORD', platformUserId: customer.id },
    });
    return (
      identity && app.running.services.db.prisma.ticket.findFirst({ where: { requesterId: identity.userId }, orderBy: { number: 'desc' } })
    );
  }, `a ticket from ${customer.id}`);

const content = (call: DiscordCall): string => String(call.body?.content ?? '');
const agentsPostOf = (ticket: Ticket) =>
  fake.waitFor(() => fake.postsIn(AGENTS_CHANNEL_ID).find((c) => content(c).startsWith(`**Ticket #${ticket.number}**`)));

/** A /support ticket in the server, once decided and answered in its thread. */
async function supportTicket(text: string, customer = newCustomer()) {
  const interaction = fake.command('support', [{ name: 'message', type: 3, value: text }], customer);
  const ticket = await untilStatus((await latestTicketOf(customer)).id, ['AUTO_RESOLVED', 'ESCALATED']);
  const threadId = await eventually(async () => (await tickets().findById(ticket.id))?.chatThreadId, 'the ticket thread');
  const answer = await fake.waitFor(() => fake.postsIn(threadId)[0]);
  return { interaction, ticket, customer, threadId, answer };
}

describe('Discord: connection', () => {
  it('identifies with only the intents it needs: Guilds, GuildMessages, DirectMessages, MessageContent', () => {
    expect(fake.identifyIntents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages | GatewayIntentBits.MessageContent,
    );
  });
});

describe('Discord: customers', () => {
  it('defers /support at once, then opens a thread from the visible reply and answers there with feedback buttons', async () => {
    const customer = newCustomer();
    const sent = Date.now();
    const interaction = fake.command('support', [{ name: 'message', type: 3, value: AUTO }], customer);
    const callback = await fake.waitFor(() => fake.callbackOf(interaction));
    expect(callback.body).toMatchObject({ type: 5 }); // deferred, visible to everyone
    expect(callback.at - sent).toBeLessThan(3000); // Discord's deadline for the first response

    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['AUTO_RESOLVED']);
    const edit = await fake.waitFor(() => fake.editsOf(interaction)[0]);
    expect(content(edit)).toContain(`**Ticket #${ticket.number}**`);
    const replyId = String(edit.response?.id);
    const thread = await fake.waitFor(
      () => fake.callsTo('POST', new RegExp(`/channels/${SUPPORT_CHANNEL}/messages/${replyId}/threads$`))[0],
    );
    expect(thread.body).toMatchObject({ name: `Ticket #${ticket.number}` });
    const answer = await fake.waitFor(() => fake.postsIn(replyId)[0]);
    expect(content(answer)).toContain(ticket.response!);
    expect(JSON.stringify(answer.body?.components)).toContain(customId(CUSTOM.helpful, ticket.id));
    expect(JSON.stringify(answer.body?.components)).toContain('I still need help');
    expect((await tickets().findById(ticket.id))?.chatThreadId).toBe(replyId);
  });

  it('answers /support typed in a DM right there in the DM', async () => {
    const customer = newCustomer();
    const dm = fake.nextId();
    const interaction = fake.command('support', [{ name: 'message', type: 3, value: AUTO }], customer, { channelId: dm, dm: true });
    expect((await fake.waitFor(() => fake.callbackOf(interaction))).body).toMatchObject({ type: 5 });
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['AUTO_RESOLVED']);
    expect(ticket).toMatchObject({ chatChannelId: dm, chatWorkspaceId: '' });
    const answer = await fake.waitFor(() => fake.postsIn(dm)[0]);
    expect(content(answer)).toContain(ticket.response!);
    expect(fake.callsTo('POST', /\/threads$/).filter((c) => c.path.includes(dm))).toHaveLength(0);
  });

  it('answers a DM in the DM, and adds a second DM to the open ticket instead of opening another', async () => {
    const customer = newCustomer();
    const dm = fake.nextId();
    fake.message(customer, HUMAN, dm, true);
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['ESCALATED']);
    expect(ticket).toMatchObject({ source: 'DISCORD', chatChannelId: dm, chatWorkspaceId: '' });
    await fake.waitFor(() => fake.postsIn(dm).find((c) => content(c).includes('person will follow up')));

    fake.message(customer, 'It happened on the 3rd of May', dm, true);
    await eventually(async () => (await app.running.services.messages.listForTicket(ticket.id)).length > 0, 'the follow-up');
    const post = await agentsPostOf(ticket);
    // Relayed to the agents' post, in a thread started from it.
    await fake.waitFor(() => fake.postsIn(String(post.response?.id)).find((c) => content(c).includes('3rd of May')));
    expect(await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: dm } })).toBe(1);
  });

  it('adds a message in the ticket’s thread to the ticket and relays it to agents; agents’ replies in the post’s thread stay internal', async () => {
    const { ticket, customer, threadId } = await supportTicket(HUMAN);
    const post = await agentsPostOf(ticket);
    fake.message(customer, 'Order number is 4417', threadId);
    await fake.waitFor(() => fake.postsIn(String(post.response?.id)).find((c) => content(c).includes('Order number is 4417')));
    const before = fake.postsIn(threadId).length;
    fake.message(AGENT_A, 'Asked billing to check 4417', String(post.response?.id));
    const messages = await eventually(async () => {
      const all = await app.running.services.messages.listForTicket(ticket.id);
      return all.length === 2 && all;
    }, 'the follow-up and the note');
    expect(messages.map((m) => [m.direction, m.body])).toEqual([
      ['INBOUND', 'Order number is 4417'],
      ['INTERNAL', 'Asked billing to check 4417'],
    ]);
    expect(fake.postsIn(threadId)).toHaveLength(before);
  });

  it('"That solved it" closes the ticket and removes the buttons; "I still need help" escalates it', async () => {
    const solved = await supportTicket(AUTO);
    const click = fake.click(customId(CUSTOM.helpful, solved.ticket.id), solved.customer, {
      channelId: solved.threadId,
      id: String(solved.answer.response?.id),
      content: content(solved.answer),
    });
    await untilStatus(solved.ticket.id, ['CLOSED']);
    const update = await fake.waitFor(() => fake.callbackOf(click));
    expect(update.body).toMatchObject({ type: 7, data: { components: [] } });
    expect(JSON.stringify(update.body)).toContain('Marked as solved');

    const unhappy = await supportTicket(AUTO);
    fake.click(customId(CUSTOM.notHelpful, unhappy.ticket.id), unhappy.customer, {
      channelId: unhappy.threadId,
      id: String(unhappy.answer.response?.id),
    });
    expect((await untilStatus(unhappy.ticket.id, ['ESCALATED'])).escalationReason).toBe('customer_rejected');
    const post = await agentsPostOf(unhappy.ticket);
    expect(JSON.stringify(post.body?.embeds)).toContain('`customer_rejected`');

    const stranger = fake.click(customId(CUSTOM.helpful, unhappy.ticket.id), newCustomer(), {
      channelId: unhappy.threadId,
      id: String(unhappy.answer.response?.id),
    });
    const refusal = await fake.waitFor(() => fake.callbackOf(stranger));
    expect(refusal.body).toMatchObject({ type: 4, data: { content: 'Only the person who asked can answer this.', flags: 64 } });
  });
});

describe('Discord: agents', () => {
  it('posts an escalation as an embed with Claim and Reply, and lets exactly one of two simultaneous claims win', async () => {
    const { ticket } = await supportTicket(HUMAN);
    const post = await agentsPostOf(ticket);
    const embed = JSON.stringify(post.body?.embeds);
    expect(embed).toContain('`customer_requested_human`');
    expect(embed).toContain('charged twice');
    expect(JSON.stringify(post.body?.components)).toContain(customId(CUSTOM.claim, ticket.id));
    expect(JSON.stringify(post.body?.components)).toContain(customId(CUSTOM.reply, ticket.id));

    const where = { channelId: AGENTS_CHANNEL_ID, id: String(post.response?.id) };
    const clicks = [
      fake.click(customId(CUSTOM.claim, ticket.id), AGENT_A, where),
      fake.click(customId(CUSTOM.claim, ticket.id), AGENT_B, where),
    ];
    const answers = await fake.waitFor(() => {
      const found = clicks.map((c) => fake.callbackOf(c));
      return found.every(Boolean) && (found as DiscordCall[]);
    });
    const refused = answers.filter((a) => (a.body as { type: number }).type === 4);
    expect(answers.map((a) => (a.body as { type: number }).type).sort()).toEqual([4, 6]);
    expect(refused).toHaveLength(1);
    const claimed = await untilStatus(ticket.id, ['IN_PROGRESS']);
    const winner = refused[0] === answers[0] ? AGENT_B : AGENT_A;
    expect(JSON.stringify(refused[0]!.body)).toContain(`already claimed by <@${winner.id}>`);
    const winnerUser = await app.running.services.users.findOrCreateChatUser({
      platform: 'DISCORD',
      workspaceId: '',
      platformUserId: winner.id,
    });
    expect(claimed.assigneeId).toBe(winnerUser.id);
    const edit = await fake.waitFor(() =>
      fake
        .callsTo('PATCH', new RegExp(`/channels/${AGENTS_CHANNEL_ID}/messages/${post.response?.id}$`))
        .find((c) => content(c).includes('Claimed')),
    );
    expect(content(edit)).toContain(`<@${winner.id}>`);
    expect(JSON.stringify(edit.body?.components)).not.toContain(CUSTOM.claim);
  });

  it('opens the Reply modal prefilled; submitting it answers the customer in their thread and resolves the ticket', async () => {
    const { ticket, threadId } = await supportTicket(HUMAN);
    const post = await agentsPostOf(ticket);
    const open = fake.click(customId(CUSTOM.reply, ticket.id), AGENT_A, { channelId: AGENTS_CHANNEL_ID, id: String(post.response?.id) });
    const modal = await fake.waitFor(() => fake.callbackOf(open));
    expect(modal.body).toMatchObject({ type: 9, data: { custom_id: customId(CUSTOM.replyModal, ticket.id) } });
    const triaged = (await tickets().listEvents(ticket.id)).find((e) => e.type === 'triaged');
    expect(JSON.stringify(modal.body)).toContain(JSON.stringify((triaged?.data as { suggestedReply: string }).suggestedReply).slice(1, 30));

    const answer = 'We refunded the second charge; it shows within 5 days.';
    const submit = fake.submitModal(
      customId(CUSTOM.replyModal, ticket.id),
      { reply: answer, intent: 'payment_issue' },
      AGENT_A,
      AGENTS_CHANNEL_ID,
    );
    expect(await untilStatus(ticket.id, ['RESOLVED'])).toMatchObject({
      response: answer,
      responseSource: 'AGENT',
      intent: 'payment_issue',
      labelledIntent: 'payment_issue',
    });
    expect((await fake.waitFor(() => fake.callbackOf(submit))).body).toMatchObject({ type: 4, data: { flags: 64 } });
    await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).startsWith(answer)));
  });

  it('accepts the intent the Reply modal prefills, `unknown` included; a bad one is refused with the rule and the reply kept to send again', async () => {
    const { ticket } = await supportTicket(WEATHER);
    expect(ticket).toMatchObject({ status: 'ESCALATED', intent: 'unknown' });
    const post = await agentsPostOf(ticket);
    const open = fake.click(customId(CUSTOM.reply, ticket.id), AGENT_B, { channelId: AGENTS_CHANNEL_ID, id: String(post.response?.id) });
    const modal = (await fake.waitFor(() => fake.callbackOf(open))).body as {
      data: { components: { components: { custom_id: string; value?: string }[] }[] };
    };
    const prefilled = modal.data.components.flatMap((row) => row.components).find((c) => c.custom_id === INTENT_FIELD)?.value;
    expect(prefilled).toBe('unknown');

    const answer = 'We can only help with your Acme account, sorry.';
    const bad = fake.submitModal(
      customId(CUSTOM.replyModal, ticket.id),
      { reply: answer, intent: 'Weather question' },
      AGENT_B,
      AGENTS_CHANNEL_ID,
    );
    const refusal = (await fake.waitFor(() => fake.callbackOf(bad))).body as { type: number; data: { content: string; flags: number } };
    expect(refusal).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refusal.data.content).toContain('Your reply was **not sent**');
    expect(refusal.data.content).toMatch(/The intent "Weather question" must be "unknown" .*snake_case.*at most 64 characters/);
    expect(refusal.data.content).toContain('`payment_issue`');
    expect(refusal.data.content).toContain('Press **Reply** again');
    expect(refusal.data.content).toContain(answer);
    expect((await tickets().findById(ticket.id))?.status).toBe('ESCALATED');

    fake.submitModal(customId(CUSTOM.replyModal, ticket.id), { reply: answer, intent: prefilled! }, AGENT_B, AGENTS_CHANNEL_ID);
    expect(await untilStatus(ticket.id, ['RESOLVED'])).toMatchObject({
      response: answer,
      responseSource: 'AGENT',
      intent: 'unknown',
      labelledIntent: 'unknown',
    });
  });

  it('resolves with /resolve in the agents’ channel, and refuses it elsewhere', async () => {
    const { ticket, threadId } = await supportTicket(HUMAN);
    const outside = fake.command(
      'resolve',
      [
        { name: 'ticket', type: 4, value: ticket.number },
        { name: 'reply', type: 3, value: 'Done.' },
      ],
      AGENT_B,
    );
    expect(JSON.stringify((await fake.waitFor(() => fake.callbackOf(outside))).body)).toContain('agents channel');
    fake.command(
      'resolve',
      [
        { name: 'ticket', type: 4, value: ticket.number },
        { name: 'reply', type: 3, value: 'Done, refunded.' },
      ],
      AGENT_B,
      { channelId: AGENTS_CHANNEL_ID },
    );
    expect((await untilStatus(ticket.id, ['RESOLVED'])).response).toBe('Done, refunded.');
    await fake.waitFor(() => fake.postsIn(threadId).find((c) => content(c).startsWith('Done, refunded.')));
  });
});

describe('Discord: /metrics', () => {
  it('answers admins (configured or with Manage Server) with an ephemeral embed and refuses others', async () => {
    const asAdmin = fake.command('metrics', [{ name: 'window', type: 3, value: '24h' }], ADMIN);
    const edit = await fake.waitFor(() => fake.editsOf(asAdmin)[0]);
    expect(fake.callbackOf(asAdmin)?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(JSON.stringify(edit.body?.embeds)).toContain('Support metrics · last 24h');

    const manager = fake.command('metrics', [], user('700000000000000009', 'mgr'), { admin: true });
    expect(JSON.stringify((await fake.waitFor(() => fake.editsOf(manager)[0])).body?.embeds)).toContain('last 7d');

    const customer = fake.command('metrics', [], newCustomer());
    expect((await fake.waitFor(() => fake.callbackOf(customer))).body).toMatchObject({
      type: 4,
      data: { content: expect.stringMatching(/for Firstline's admins/), flags: 64 },
    });
  });
});

describe('Discord: delivery', () => {
  it('delivers once Discord is reachable again after server errors', async () => {
    const customer = newCustomer();
    const dm = fake.nextId();
    fake.script(`POST /channels/${dm}/messages$`, { status: 503, body: { message: 'upstream down', code: 0 } }, 2);
    fake.message(customer, AUTO, dm, true);
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['AUTO_RESOLVED']);
    const attempts = await fake.waitFor(() => {
      const posts = fake.callsTo('POST', new RegExp(`/channels/${dm}/messages$`));
      return posts.some((c) => c.status === 200) && posts;
    });
    expect(attempts.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(content(attempts[2]!)).toContain(ticket.response!);
  });

  it('posts once when Discord made the message but its answer was lost: the retry carries the same nonce', async () => {
    const customer = newCustomer();
    const dm = fake.nextId();
    fake.loseMessageAnswers(1);
    fake.message(customer, AUTO, dm, true);
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['AUTO_RESOLVED']);
    const attempts = await fake.waitFor(() => {
      const posts = fake.callsTo('POST', new RegExp(`/channels/${dm}/messages$`));
      return posts.some((c) => c.status === 200) && posts;
    });
    expect(attempts.map((c) => c.status)).toEqual([500, 200]);
    expect(attempts[1]!.body?.nonce).toBe(attempts[0]!.body?.nonce);
    expect(attempts[1]!.body?.enforce_nonce).toBe(true);
    const created = fake.messagesCreatedIn(dm);
    expect(created).toHaveLength(1);
    expect(attempts[1]!.response?.id).toBe(created[0]);
    expect(content(attempts[1]!)).toContain(ticket.response!);
    const recorded = await eventually(
      () => app.running.services.db.prisma.chatPost.findFirst({ where: { ticketId: ticket.id, messageId: created[0] } }),
      'the recorded post',
    );
    expect(recorded.channelId).toBe(dm);
  });

  it('retries a message answered with 429 after its retry-after and delivers it once', async () => {
    const customer = newCustomer();
    const dm = fake.nextId();
    fake.rateLimitMessages(dm, 1);
    fake.message(customer, AUTO, dm, true);
    const ticket = await untilStatus((await latestTicketOf(customer)).id, ['AUTO_RESOLVED']);
    const attempts = await fake.waitFor(() => {
      const posts = fake.callsTo('POST', new RegExp(`/channels/${dm}/messages$`));
      return posts.some((c) => c.status === 200) && posts;
    });
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(content(attempts[1]!)).toContain(ticket.response!);
  });
});
