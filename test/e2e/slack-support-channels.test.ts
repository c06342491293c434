// Support channels end to end: the real service and Bolt app against the fake Slack. An admin turns
// a channel on with /firstline; customers' requests there become tickets answered in their own
// threads, while greetings, the deploying team's own members and agents open nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { ADMIN, logInAs, startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, TEAM } from '../fakes/fake-slack.js';

const SHARED = 'C0ACMESHARED';
const INTERNAL = 'C0ITHELP';
const ADMIN_ID = 'U0ADMIN';
const AGENT = 'U0AGENT';
const COLLEAGUE = 'U0COLLEAGUE';
/** From the customer's own workspace, in the channel shared with them (Slack Connect). */
const ACME_TEAM = 'T0ACME';
const ACME_DANA = 'U0ACMEDANA';
const AUTO = 'I forgot my password and cannot log in';

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.agents.add(AGENT);
  fake.sharedChannels.add(SHARED);
  fake.privateChannels.add(INTERNAL);
  app = await startTestApp({
    ...fake.appEnv(),
    SLACK_ADMIN_USER_IDS: ADMIN_ID,
  });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

let tsSeq = 0;
const nextTs = () => `1810000${String((tsSeq += 1)).padStart(3, '0')}.000100`;

/** A message in a channel as Slack sends it; `user_team` is the author's own workspace. */
function message(fields: { user: string; text: string; channel: string; user_team?: string; thread_ts?: string }) {
  return { type: 'message', channel_type: 'channel', ts: nextTs(), user_team: TEAM, ...fields };
}

const tickets = () => app.running.services.tickets;
const ticketOf = (channel: string, ts: string) =>
  eventually(() => tickets().findByChatMessage('SLACK', channel, ts), `the ticket of ${channel}/${ts}`);
const untilStatus = (ticketId: string, statuses: Ticket['status'][]) => untilStatusOf(app.running.services, ticketId, statuses);
const postsIn = (channel: string, threadTs?: string) =>
  fake.callsTo('chat.postMessage', (b) => b.channel === channel && (threadTs === undefined || b.thread_ts === threadTs));

/** Runs a slash command and returns what was answered through its response_url. */
async function command(text: string, user: string, channel: string): Promise<string> {
  const sent = slack.command('/firstline', text, user, channel);
  expect((await sent.send()).status).toBe(200);
  const answer = await fake.waitFor(() => fake.calls.find((c) => sent.responseUrl.endsWith(c.method)));
  return String(answer.body.text);
}

describe('/firstline channel', () => {
  it('is refused to members who are not admins, and changes nothing', async () => {
    expect(await command('channel on', COLLEAGUE, SHARED)).toBe('Only admins can change how a channel is handled.');
    expect(await app.running.services.supportChannels.find('SLACK', SHARED)).toBeNull();
  });

  it('turns a channel shared with a customer company on for its external people, and the bot joins it', async () => {
    const text = await command('channel on', ADMIN_ID, SHARED);
    expect(text).toMatch(/people from other organisations are customers/);
    expect(await app.running.services.supportChannels.find('SLACK', SHARED)).toMatchObject({ audience: 'EXTERNAL', workspaceId: TEAM });
    expect(fake.callsTo('conversations.join', (b) => b.channel === SHARED)).toHaveLength(1);
    expect(await command('channel', COLLEAGUE, SHARED)).toMatch(/^This is a support channel/);
  });

  it('asks to be invited to a private channel it cannot join, and counts everyone there as a customer', async () => {
    const text = await command('channel on', ADMIN_ID, INTERNAL);
    expect(text).toMatch(/everyone but agents is a customer/);
    expect(text).toMatch(/invite me with `\/invite @Firstline`/);
  });
});

describe('messages in a support channel', () => {
  it('answers an external customer’s request in the thread of their own message', async () => {
    const question = message({ user: ACME_DANA, user_team: ACME_TEAM, text: AUTO, channel: SHARED });
    expect((await slack.event(question)).status).toBe(200);
    const ticket = await ticketOf(SHARED, question.ts);
    expect(ticket).toMatchObject({ source: 'SLACK', chatThreadId: question.ts, message: AUTO });
    const resolved = await untilStatus(ticket.id, ['AUTO_RESOLVED']);
    await fake.waitFor(() => postsIn(SHARED, question.ts).find((c) => c.body.text === resolved.response));
    // Nothing is posted at the channel's top level: the conversation stays in the customer's thread.
    expect(postsIn(SHARED).filter((c) => c.body.thread_ts === undefined)).toEqual([]);
  });

  it('opens nothing for a greeting, a thanks, the deploying team’s own members, or an agent', async () => {
    const before = await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: SHARED } });
    await slack.event(message({ user: ACME_DANA, user_team: ACME_TEAM, text: 'Good morning everyone! 👋', channel: SHARED }));
    await slack.event(message({ user: ACME_DANA, user_team: ACME_TEAM, text: 'thanks a lot, that fixed it', channel: SHARED }));
    await slack.event(message({ user: COLLEAGUE, text: 'The export fix ships on Monday', channel: SHARED }));
    await slack.event(message({ user: AGENT, user_team: ACME_TEAM, text: 'Can everyone try the export again?', channel: SHARED }));
    // A request sent after them is handled, so the ones before have been seen and dropped.
    const later = message({ user: ACME_DANA, user_team: ACME_TEAM, text: 'Our invoices page shows the wrong VAT number', channel: SHARED });
    await slack.event(later);
    await ticketOf(SHARED, later.ts);
    expect(await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: SHARED } })).toBe(before + 1);
  });

  it('takes the customer’s thread replies as follow-ups and an agent’s as the reply the customer already sees', async () => {
    const question = message({
      user: ACME_DANA,
      user_team: ACME_TEAM,
      text: 'I need to talk to a person about our contract',
      channel: SHARED,
    });
    await slack.event(question);
    const ticket = await ticketOf(SHARED, question.ts);
    await untilStatus(ticket.id, ['ESCALATED']);
    await slack.event(
      message({ user: ACME_DANA, user_team: ACME_TEAM, text: 'It renews on the 1st', channel: SHARED, thread_ts: question.ts }),
    );
    await slack.event(message({ user: AGENT, text: 'I am on it, Dana', channel: SHARED, thread_ts: question.ts }));
    const stored = await eventually(async () => {
      const messages = await app.running.services.messages.listForTicket(ticket.id);
      return messages.length === 2 && messages;
    }, 'both thread replies');
    expect(stored.map((m) => [m.direction, m.body]).sort()).toEqual([
      ['INBOUND', 'It renews on the 1st'],
      ['OUTBOUND', 'I am on it, Dana'],
    ]);
  });

  it('counts colleagues as customers in an internal help channel', async () => {
    const question = message({ user: COLLEAGUE, text: AUTO, channel: INTERNAL });
    await slack.event(question);
    expect(await ticketOf(INTERNAL, question.ts)).toMatchObject({ chatThreadId: question.ts });
  });

  it('opens nothing once the channel is turned off', async () => {
    expect(await command('channel off', ADMIN_ID, INTERNAL)).toMatch(/no longer a support channel/);
    const before = await app.running.services.db.prisma.ticket.count();
    await slack.event(message({ user: COLLEAGUE, text: 'The VPN drops every ten minutes', channel: INTERNAL }));
    const dm = { type: 'message', channel_type: 'im', user: COLLEAGUE, text: AUTO, channel: 'D0COLLEAGUE', ts: nextTs() };
    await slack.event(dm);
    await ticketOf('D0COLLEAGUE', dm.ts);
    expect(await app.running.services.db.prisma.ticket.count()).toBe(before + 1);
  });
});

describe('/admin/chat-channels', () => {
  it('lists, sets and removes support channels for admins, and refuses everyone else', async () => {
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const list = await app.request({ method: 'GET', url: '/admin/chat-channels?platform=slack', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ platform: 'slack', channel_id: SHARED, audience: 'EXTERNAL' })]);

    const put = await app.request({
      method: 'PUT',
      url: '/admin/chat-channels/slack/C0COMMUNITY',
      headers: admin,
      payload: { workspace_id: TEAM, audience: 'EVERYONE' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ platform: 'slack', workspace_id: TEAM, channel_id: 'C0COMMUNITY', audience: 'EVERYONE' });
    const bad = await app.request({
      method: 'PUT',
      url: '/admin/chat-channels/slack/C0COMMUNITY',
      headers: admin,
      payload: { workspace_id: TEAM, audience: 'PARTNERS' },
    });
    expect(bad.statusCode).toBe(400);

    expect((await app.request({ method: 'DELETE', url: '/admin/chat-channels/slack/C0COMMUNITY', headers: admin })).statusCode).toBe(204);
    const again = await app.request({ method: 'DELETE', url: '/admin/chat-channels/slack/C0COMMUNITY', headers: admin });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.request({ method: 'GET', url: '/admin/chat-channels' })).statusCode).toBe(401);
  });
});

describe('emoji', () => {
  /** A message a person wrote, as Slack sends it and as conversations.history gives it back. */
  async function written(fields: { user: string; text: string; channel: string; user_team?: string; thread_ts?: string }) {
    const event = message(fields);
    fake.written({
      channel: event.channel,
      ts: event.ts,
      user: event.user,
      text: event.text,
      ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
    });
    await slack.event(event);
    return event;
  }
  const react = (reaction: string, user: string, channel: string, ts: string) =>
    slack.event({ type: 'reaction_added', user, reaction, item: { type: 'message', channel, ts }, item_user: 'U0ANY', event_ts: nextTs() });
  const ephemeralTo = (user: string, text: RegExp) =>
    fake.waitFor(() => fake.callsTo('chat.postEphemeral', (b) => b.user === user && text.test(String(b.text)))[0]);

  it('🎫 makes any message a ticket, with its author as the requester, once however often it is added', async () => {
    const note = await written({ user: COLLEAGUE, text: 'Acme says their exports have failed for two days', channel: SHARED });
    expect(await tickets().findByChatMessage('SLACK', SHARED, note.ts)).toBeNull();
    expect((await react('ticket', AGENT, SHARED, note.ts)).status).toBe(200);
    const ticket = await ticketOf(SHARED, note.ts);
    expect(ticket).toMatchObject({ message: note.text, chatThreadId: note.ts });
    const requester = await app.running.services.users.findById(ticket.requesterId);
    expect(requester?.displayName ?? requester?.email).toBeDefined();
    await react('ticket', COLLEAGUE, SHARED, note.ts);
    await react('admission_tickets', AGENT, SHARED, note.ts);
    await eventually(async () => (await tickets().findById(ticket.id))?.status !== 'OPEN', 'the ticket decided');
    expect(await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: SHARED, chatThreadId: note.ts } })).toBe(1);
  });

  it('✅ by an agent resolves the ticket with the reply written in its thread, and does not post that reply again', async () => {
    const question = await written({
      user: ACME_DANA,
      user_team: ACME_TEAM,
      text: 'Please connect me with a human about billing',
      channel: SHARED,
    });
    const ticket = await ticketOf(SHARED, question.ts);
    await untilStatus(ticket.id, ['ESCALATED']);

    await react('white_check_mark', AGENT, SHARED, question.ts);
    await ephemeralTo(AGENT, /Reply to the customer in this thread first/);
    await react('white_check_mark', COLLEAGUE, SHARED, question.ts);
    await ephemeralTo(COLLEAGUE, /Only agents can resolve/);
    expect((await tickets().findById(ticket.id))?.status).toBe('ESCALATED');

    await written({ user: AGENT, text: 'Your invoice is corrected; the refund lands in 3 days.', channel: SHARED, thread_ts: question.ts });
    await eventually(
      async () => (await app.running.services.messages.listForTicket(ticket.id)).some((m) => m.direction === 'OUTBOUND'),
      'the reply',
    );
    await react('heavy_check_mark', AGENT, SHARED, question.ts);
    const resolved = await untilStatus(ticket.id, ['RESOLVED']);
    expect(resolved).toMatchObject({ response: 'Your invoice is corrected; the refund lands in 3 days.', responseSource: 'AGENT' });
    await eventually(() => app.running.services.posts.find(ticket.id, 'resolved:customer'), 'the answer recorded as delivered');
    expect(postsIn(SHARED, question.ts).filter((c) => String(c.body.text).includes('refund lands'))).toEqual([]);
  });
});

describe('edits and deletions', () => {
  const changed = (channel: string, inner: Record<string, unknown>) =>
    slack.event({
      type: 'message',
      subtype: 'message_changed',
      channel,
      channel_type: 'channel',
      hidden: true,
      ts: nextTs(),
      message: inner,
    });

  it('an edited request becomes the ticket’s text and reaches the agents’ post; a deleted one is recorded', async () => {
    const question = message({ user: ACME_DANA, user_team: ACME_TEAM, text: 'I want a human: our SSO is broken', channel: SHARED });
    await slack.event(question);
    const ticket = await ticketOf(SHARED, question.ts);
    await untilStatus(ticket.id, ['ESCALATED']);
    const agentsPost = await fake.waitFor(() =>
      postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)),
    );

    const fixed = 'I want a human: our SAML SSO returns error 403';
    await changed(SHARED, { ...question, text: fixed, edited: { user: ACME_DANA, ts: nextTs() } });
    await eventually(async () => (await tickets().findById(ticket.id))?.message === fixed, 'the edited text');
    await fake.waitFor(() =>
      postsIn(AGENTS_CHANNEL, String(agentsPost.response?.ts)).find((c) =>
        JSON.stringify(c.body.blocks ?? c.body.text).includes('SAML SSO'),
      ),
    );
    // Slack also sends message_changed when only a reply count or an unfurl changed: no edit.
    await changed(SHARED, { ...question, text: 'unrelated', reply_count: 2 });

    await slack.event({
      type: 'message',
      subtype: 'message_deleted',
      channel: SHARED,
      hidden: true,
      ts: nextTs(),
      deleted_ts: question.ts,
    });
    const events = await eventually(async () => {
      const all = await tickets().listEvents(ticket.id);
      return all.some((e) => e.type === 'message_deleted') && all;
    }, 'the deletion recorded');
    expect(events.filter((e) => e.type === 'message_edited')).toHaveLength(1);
    expect((await tickets().findById(ticket.id))?.message).toBe(fixed);
  });
});
