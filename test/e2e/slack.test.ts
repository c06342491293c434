// The Slack bot end to end: the real service (API + worker on PostgreSQL and Redis) with the real
// Bolt app, driven by signed requests to POST /slack/events, talking to a local fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { ACTIONS, INTENT_INPUT, REPLY_MODAL } from '../../src/adapters/slack/blocks.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, sign, type SlackCall } from '../fakes/fake-slack.js';

const AUTO = 'I forgot my password and cannot log in';
const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
/** Out of scope: the default pack classifies it `unknown`. */
const WEATHER = 'What is the weather in Paris tomorrow?';
const ADMIN_ID = 'U0ADMIN';
const AGENT_A = 'U0AGENTA';
const AGENT_B = 'U0AGENTB';

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;
let customerSeq = 0;
const newCustomer = () => `U0CUST${(customerSeq += 1)}`;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.agents.add(AGENT_A).add(AGENT_B);
  app = await startTestApp({
    ...fake.appEnv(),
    SLACK_ADMIN_USER_IDS: ADMIN_ID,
    RETRAIN_DEBOUNCE_SECONDS: '0',
    // These tests send the same complaint from many customers; grouping them is smart-routing.test.ts's subject.
    INCIDENT_MIN_TICKETS: '1000',
  });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const tickets = () => app.running.services.tickets;

async function ticketNumbered(text: string): Promise<Ticket> {
  const number = Number(/Ticket #(\d+)/.exec(text)?.[1]);
  const ticket = await tickets().findByNumber(number);
  if (!ticket) throw new Error(`no ticket in "${text}"`);
  return ticket;
}

const untilStatus = (ticketId: string, statuses: Ticket['status'][]) => untilStatusOf(app.running.services, ticketId, statuses);

const untilThread = (ticketId: string) =>
  eventually(async () => (await tickets().findById(ticketId))?.chatThreadId, `ticket ${ticketId}'s thread`);

const ticketOfMessage = (channel: string, ts: string) =>
  eventually(() => tickets().findByChatMessage('SLACK', channel, ts), `the ticket of ${channel}/${ts}`);

const postsIn = (channel: string, threadTs?: string) =>
  fake.callsTo('chat.postMessage', (b) => b.channel === channel && (threadTs === undefined || b.thread_ts === threadTs));

const blocksText = (call: SlackCall): string => JSON.stringify(call.body.blocks ?? []);
const postTs = (call: SlackCall): string => String(call.response?.ts);
describe('signed requests', () => {
  it('rejects a bad signature and a stale timestamp with 401, and answers the URL check', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123' });
    expect((await slack.post(body, 'application/json')).body).toBe(JSON.stringify({ challenge: 'c-123' }));

    const forged = await slack.post(body, 'application/json', sign(body, { secret: 'not-the-secret' }));
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toMatchObject({ error: { code: 'unauthorized' } });
    const stale = await slack.post(body, 'application/json', sign(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(401);
    const unsigned = await slack.post(body, 'application/json', {});
    expect(unsigned.status).toBe(401);
  });

  it('answers signed but malformed payloads with 400, never 500, and keeps serving', async () => {
    const envelope = { token: 'legacy', team_id: 'T0TEAM', api_app_id: 'A0APP', type: 'event_callback', event_id: 'EvBad', event_time: 1 };
    const json = (body: unknown) => slack.post(JSON.stringify(body), 'application/json');
    const form = (payload: unknown) =>
      slack.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    const responses = [
      await json({ ...envelope, event: 'message' }),
      await json({ ...envelope, event: {} }),
      await json({ ...envelope, event: { type: 7 } }),
      await json({ ...envelope, event: null }),
      await json({ ...envelope, event: { type: 'message', channel: 'D0X', channel_type: 'im', user: { id: 'U1' }, text: ['hi'], ts: 5 } }),
      await json({ ...envelope, event: { type: 'app_mention', channel: 'C0X', user: 'U1', text: { a: 1 }, ts: '1.2' } }),
      await json([1, 2, 3]),
      await json('just a string'),
      await form({ type: 'view_submission', user: { id: 'U1' } }),
      await form({ type: 'view_submission', user: { id: 'U1' }, view: 'v' }),
      await form({ type: 'block_actions', user: { id: 'U1' } }),
      await form({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 7 }] }),
      await form({ type: 'block_actions', actions: 'claim' }),
      await form('not an object'),
      await slack.post('payload=%7Bnot json', 'application/x-www-form-urlencoded'),
      await slack.post(new URLSearchParams({ command: '/support', text: 'hi' }).toString(), 'application/x-www-form-urlencoded'),
      await slack.post(
        new URLSearchParams({ command: '/support', user_id: 'U1', channel_id: 'D0X', text: 'my card\u0000 broke' }).toString(),
        'application/x-www-form-urlencoded',
      ),
    ];
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 400));
    for (const res of responses)
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: expect.stringMatching(/^(bad_request|validation_failed)$/) } });
    const check = JSON.stringify({ type: 'url_verification', challenge: 'still-here' });
    expect((await slack.post(check, 'application/json')).body).toBe(JSON.stringify({ challenge: 'still-here' }));
  });
});

describe('/support', () => {
  it('acks within Slack’s 3 s with the ticket number, then answers in the thread of a visible "Ticket #N" post', async () => {
    const customer = newCustomer();
    const res = await slack.command('/support', AUTO, customer).send();
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const ack = JSON.parse(res.body) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    const ticket = await ticketNumbered(ack.text);
    expect(ticket).toMatchObject({ source: 'SLACK', chatChannelId: 'C0GENERAL', message: AUTO });

    const header = await fake.waitFor(() => postsIn('C0GENERAL').find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number}:`)));
    expect(header.body.thread_ts).toBeUndefined();
    const resolved = await untilStatus(ticket.id, ['AUTO_RESOLVED']);
    const threadTs = await untilThread(ticket.id);
    expect(threadTs).toBe(postTs(header));
    const answer = await fake.waitFor(() => postsIn('C0GENERAL', threadTs).find((c) => c.body.text === resolved.response));
    expect(blocksText(answer)).toContain(ACTIONS.helpful);
    expect(blocksText(answer)).toContain(ACTIONS.notHelpful);
    expect(blocksText(answer)).toContain('That solved it');
    expect(blocksText(answer)).toContain('I still need help');
  });

  it('escalates to the agents’ channel with the details and Claim/Reply, and tells the customer a person will follow up', async () => {
    const res = await slack.command('/support', HUMAN, newCustomer()).send();
    const ticket = await ticketNumbered(JSON.parse(res.body).text);
    await untilStatus(ticket.id, ['ESCALATED']);
    const threadTs = await untilThread(ticket.id);
    const notice = await fake.waitFor(() =>
      postsIn('C0GENERAL', threadTs).find((c) => String(c.body.text).includes('person will follow up')),
    );
    expect(notice.body.text).toContain(`Ticket #${ticket.number}`);

    const post = await fake.waitFor(() => postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)));
    const blocks = blocksText(post);
    expect(blocks).toContain('customer_requested_human');
    expect(blocks).toContain('charged twice');
    expect(blocks).toContain(ACTIONS.claim);
    expect(blocks).toContain(ACTIONS.reply);
    expect(blocks).toMatch(/Requester/);
    expect(blocks).toMatch(/Urgency/);
  });

  it('answers an empty /support with a usage hint and opens nothing', async () => {
    const before = await app.running.services.db.prisma.ticket.count();
    const res = await slack.command('/support', '   ', newCustomer()).send();
    expect(JSON.parse(res.body).text).toMatch(/\/support I was charged twice/);
    expect(await app.running.services.db.prisma.ticket.count()).toBe(before);
  });
});

/** A message event as Slack sends it. */
function message(fields: {
  user: string;
  text: string;
  channel: string;
  channel_type?: string;
  thread_ts?: string;
  ts?: string;
  [k: string]: unknown;
}) {
  return { type: 'message', channel_type: 'channel', ts: nextTs(), event_ts: nextTs(), ...fields };
}
let tsSeq = 0;
const nextTs = () => `1800000${String((tsSeq += 1)).padStart(3, '0')}.000${String(tsSeq).padStart(3, '0')}`;

describe('DMs, mentions and follow-ups', () => {
  it('opens a ticket from a DM and answers in the thread of the customer’s message', async () => {
    const dm = message({ user: newCustomer(), text: AUTO, channel: 'D0DM1', channel_type: 'im' });
    expect((await slack.event(dm)).status).toBe(200);
    const ticket = await ticketOfMessage('D0DM1', dm.ts);
    expect(ticket.chatThreadId).toBe(dm.ts);
    const resolved = await untilStatus(ticket.id, ['AUTO_RESOLVED']);
    await fake.waitFor(() => postsIn('D0DM1', dm.ts).find((c) => c.body.text === resolved.response));
  });

  it('opens a ticket from a mention, without the mention in its text, and answers in its thread', async () => {
    const mention = { type: 'app_mention', user: newCustomer(), text: `<@U0BOT> ${HUMAN}`, channel: 'C0RANDOM', ts: nextTs() };
    await slack.event(mention);
    // The same message also arrives as a channel message event: it must not open a second ticket.
    await slack.event(message({ user: mention.user, text: mention.text, channel: 'C0RANDOM', ts: mention.ts }));
    const ticket = await ticketOfMessage('C0RANDOM', mention.ts);
    expect(ticket.message).toBe(HUMAN);
    await untilStatus(ticket.id, ['ESCALATED']);
    await fake.waitFor(() => postsIn('C0RANDOM', mention.ts).find((c) => String(c.body.text).includes('person will follow up')));
    expect(await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: 'C0RANDOM' } })).toBe(1);
  });

  it('ignores its own messages, other bots, edits, deletions and channel chatter', async () => {
    const before = await app.running.services.db.prisma.ticket.count();
    await slack.event(message({ user: 'U0BOT', text: AUTO, channel: 'D0DM2', channel_type: 'im', bot_id: 'B0BOT' }));
    await slack.event(
      message({ user: 'U0OTHERBOT', text: AUTO, channel: 'D0DM2', channel_type: 'im', bot_id: 'B0OTHER', subtype: 'bot_message' }),
    );
    await slack.event(message({ user: newCustomer(), text: AUTO, channel: 'D0DM2', channel_type: 'im', subtype: 'message_changed' }));
    await slack.event(message({ user: newCustomer(), text: '', channel: 'D0DM2', channel_type: 'im', subtype: 'message_deleted' }));
    await slack.event(message({ user: newCustomer(), text: 'lunch anyone?', channel: 'C0RANDOM' }));
    // A DM sent after them is handled, so the ones before have been seen and dropped.
    const later = message({ user: newCustomer(), text: AUTO, channel: 'D0DM2', channel_type: 'im' });
    await slack.event(later);
    await ticketOfMessage('D0DM2', later.ts);
    expect(await app.running.services.db.prisma.ticket.count()).toBe(before + 1);
  });

  it('adds follow-ups in the thread to the ticket, and relays them to the agents’ post once it is escalated', async () => {
    const customer = newCustomer();
    const dm = message({ user: customer, text: HUMAN, channel: 'D0DM3', channel_type: 'im' });
    await slack.event(dm);
    const ticket = await ticketOfMessage('D0DM3', dm.ts);
    await untilStatus(ticket.id, ['ESCALATED']);
    const agentsPost = await fake.waitFor(() =>
      postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)),
    );

    const followUp = message({
      user: customer,
      text: 'It was on the 3rd and the 4th of May',
      channel: 'D0DM3',
      channel_type: 'im',
      thread_ts: dm.ts,
    });
    await slack.event(followUp);
    const relayed = await fake.waitFor(() =>
      postsIn(AGENTS_CHANNEL, postTs(agentsPost)).find((c) => blocksText(c).includes('3rd and the 4th')),
    );
    expect(blocksText(relayed)).toContain(`<@${customer}>`);
    const messages = await app.running.services.messages.listForTicket(ticket.id);
    expect(messages).toMatchObject([{ direction: 'INBOUND', body: 'It was on the 3rd and the 4th of May', externalId: followUp.ts }]);
    expect(await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: 'D0DM3' } })).toBe(1);

    // What an agent writes in the post's thread is an internal note, never sent to the customer.
    const postsToCustomer = postsIn('D0DM3').length;
    await slack.event(
      message({ user: AGENT_A, text: 'Checking the payment provider logs', channel: AGENTS_CHANNEL, thread_ts: postTs(agentsPost) }),
    );
    const notes = await eventually(async () => {
      const internal = (await app.running.services.messages.listForTicket(ticket.id)).filter((m) => m.direction === 'INTERNAL');
      return internal.length > 0 && internal;
    }, 'an internal note');
    expect(notes).toMatchObject([{ body: 'Checking the payment provider logs', authorId: expect.any(String) }]);
    expect(postsIn('D0DM3')).toHaveLength(postsToCustomer);
  });
});

/** A /support ticket, once the pipeline decided and its outcome reached Slack. */
async function supportTicket(
  text: string,
  customer = newCustomer(),
): Promise<{ ticket: Ticket; customer: string; reply: SlackCall; threadTs: string }> {
  const res = await slack.command('/support', text, customer).send();
  const opened = await ticketNumbered(JSON.parse(res.body).text);
  const ticket = await untilStatus(opened.id, ['AUTO_RESOLVED', 'ESCALATED']);
  const threadTs = await untilThread(ticket.id);
  const reply = await fake.waitFor(() => postsIn('C0GENERAL', threadTs)[0]);
  return { ticket, customer, reply, threadTs };
}

const agentsPostOf = (ticket: Ticket) =>
  fake.waitFor(() => postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)));
const responseTo = (url: string) => fake.waitFor(() => fake.calls.find((c) => url.endsWith(c.method)));

describe('feedback buttons', () => {
  it('"That solved it" records helpful feedback, closes the ticket and replaces the buttons', async () => {
    const { ticket, customer, reply } = await supportTicket(AUTO);
    const click = await slack.click(ACTIONS.helpful, ticket.id, customer, {
      channel: 'C0GENERAL',
      ts: postTs(reply),
      blocks: reply.body.blocks,
    });
    expect(click.status).toBe(200);
    const closed = await untilStatus(ticket.id, ['CLOSED']);
    expect(await app.running.services.feedback.listForTicket(closed.id)).toMatchObject([{ helpful: true, userId: closed.requesterId }]);
    const replaced = await fake.waitFor(() =>
      fake.calls.find(
        (c) => c.method.startsWith('/response/click') && c.body.replace_original === true && JSON.stringify(c.body).includes('solved'),
      ),
    );
    expect(JSON.stringify(replaced.body.blocks)).not.toContain(ACTIONS.helpful);
  });

  it('"I still need help" records not-helpful feedback and escalates to the agents with customer_rejected', async () => {
    const { ticket, customer, reply } = await supportTicket(AUTO);
    await slack.click(ACTIONS.notHelpful, ticket.id, customer, { channel: 'C0GENERAL', ts: postTs(reply), blocks: reply.body.blocks });
    const escalated = await untilStatus(ticket.id, ['ESCALATED']);
    expect(escalated.escalationReason).toBe('customer_rejected');
    expect(await app.running.services.feedback.listForTicket(ticket.id)).toMatchObject([{ helpful: false }]);
    const post = await agentsPostOf(ticket);
    expect(blocksText(post)).toContain('customer_rejected');
    expect(blocksText(post)).toContain('Automatic answer the customer rejected');
    await fake.waitFor(() =>
      postsIn('C0GENERAL', escalated.chatThreadId!).find((c) => String(c.body.text).includes("Sorry that didn't help")),
    );
  });

  it('refuses a click by anyone but the person who asked', async () => {
    const { ticket, reply } = await supportTicket(AUTO);
    await slack.click(ACTIONS.notHelpful, ticket.id, newCustomer(), { channel: 'C0GENERAL', ts: postTs(reply) });
    await fake.waitFor(() =>
      fake.calls.find((c) => c.method.startsWith('/response/click') && String(c.body.text).includes('Only the person who asked')),
    );
    expect((await tickets().findById(ticket.id))?.status).toBe('AUTO_RESOLVED');
  });
});

describe('agents', () => {
  it('lets exactly one of two simultaneous claims win; the other is told who has it; the post shows the claim', async () => {
    const { ticket } = await supportTicket(HUMAN);
    const post = await agentsPostOf(ticket);
    const where = { channel: AGENTS_CHANNEL, ts: postTs(post) };
    const [a, b] = await Promise.all([
      slack.click(ACTIONS.claim, ticket.id, AGENT_A, where),
      slack.click(ACTIONS.claim, ticket.id, AGENT_B, where),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);

    const claimed = await untilStatus(ticket.id, ['IN_PROGRESS']);
    const refusal = await fake.waitFor(
      () => fake.callsTo('chat.postEphemeral', (body) => String(body.text).includes(`#${ticket.number} is already claimed`))[0],
    );
    const winner = refusal.body.user === AGENT_A ? AGENT_B : AGENT_A;
    expect(refusal.body.text).toContain(`<@${winner}>`);
    expect(fake.callsTo('chat.postEphemeral', (body) => String(body.text).includes(`#${ticket.number} is already claimed`))).toHaveLength(
      1,
    );
    const winnerUser = await app.running.services.users.findOrCreateChatUser({
      platform: 'SLACK',
      workspaceId: 'T0TEAM',
      platformUserId: winner,
    });
    expect(claimed.assigneeId).toBe(winnerUser.id);
    const update = await fake.waitFor(
      () => fake.callsTo('chat.update', (body) => body.ts === postTs(post) && blocksText({ ...post, body }).includes('Claimed'))[0],
    );
    expect(blocksText(update)).toContain(`<@${winner}>`);
    expect(blocksText(update)).not.toContain(ACTIONS.claim);
  });

  it('refuses Claim to someone outside the agents’ channel', async () => {
    const { ticket } = await supportTicket(HUMAN);
    const post = await agentsPostOf(ticket);
    await slack.click(ACTIONS.claim, ticket.id, 'U0OUTSIDER', { channel: AGENTS_CHANNEL, ts: postTs(post) });
    await fake.waitFor(
      () => fake.callsTo('chat.postEphemeral', (body) => body.user === 'U0OUTSIDER' && String(body.text).includes('agents channel'))[0],
    );
    expect((await tickets().findById(ticket.id))?.status).toBe('ESCALATED');
  });

  it('answers from the Reply modal: the customer gets it in their thread, the ticket is RESOLVED by an agent, and a similar ticket later reuses it', async () => {
    const question = 'My exported CSV report shows the dates in the wrong timezone, agent please';
    const answer = 'Exports use the timezone under Settings → Workspace → Region. Change it there and export again.';
    const { ticket, threadTs } = await supportTicket(question);
    expect(ticket.escalationReason).toBe('customer_requested_human');
    const post = await agentsPostOf(ticket);

    await slack.click(ACTIONS.reply, ticket.id, AGENT_A, { channel: AGENTS_CHANNEL, ts: postTs(post) });
    const opened = await fake.waitFor(() => fake.callsTo('views.open')[0]);
    const view = opened.body.view as { callback_id: string; private_metadata: string };
    expect(view).toMatchObject({ callback_id: REPLY_MODAL, private_metadata: ticket.id });
    // Prefilled with what the pipeline would have answered.
    const triaged = (await tickets().listEvents(ticket.id)).find((e) => e.type === 'triaged');
    const suggestion = (triaged?.data as { suggestedReply: string | null }).suggestedReply;
    expect(suggestion).toBeTruthy();
    expect(JSON.stringify(view)).toContain(JSON.stringify(suggestion).slice(1, 40));

    const submit = await slack.interaction({
      type: 'view_submission',
      user: { id: AGENT_A, name: 'agenta', team_id: 'T0TEAM' },
      view: {
        id: 'V0VIEW',
        callback_id: REPLY_MODAL,
        private_metadata: ticket.id,
        state: {
          values: {
            reply: { text: { type: 'plain_text_input', value: answer } },
            intent: { intent: { type: 'plain_text_input', value: 'technical_issue' } },
          },
        },
      },
    });
    expect(submit.status).toBe(200);
    expect(submit.body).toBe('');
    const resolved = await untilStatus(ticket.id, ['RESOLVED']);
    expect(resolved).toMatchObject({
      response: answer,
      responseSource: 'AGENT',
      intent: 'technical_issue',
      labelledIntent: 'technical_issue',
    });
    const delivered = await fake.waitFor(() => postsIn('C0GENERAL', threadTs).find((c) => c.body.text === answer));
    expect(blocksText(delivered)).toContain(`<@${AGENT_A}>`);
    await fake.waitFor(
      () => fake.callsTo('chat.update', (body) => body.ts === postTs(post) && JSON.stringify(body.blocks).includes('Resolved'))[0],
    );

    const later = await eventually(async () => {
      const again = await supportTicket('My exported CSV report shows the dates in the wrong timezone');
      return again.ticket.responseSource === 'SIMILAR_TICKET' && again;
    }, 'a later similar ticket to reuse the answer');
    expect(later.ticket).toMatchObject({ status: 'AUTO_RESOLVED', matchedTicketId: ticket.id });
    expect(later.reply.body.text).toContain(answer);
  });

  it('accepts the intent the Reply modal prefills, `unknown` included, and keeps the modal open with the rule for a bad one', async () => {
    const { ticket } = await supportTicket(WEATHER);
    expect(ticket).toMatchObject({ status: 'ESCALATED', intent: 'unknown' });
    const post = await agentsPostOf(ticket);
    await slack.click(ACTIONS.reply, ticket.id, AGENT_B, { channel: AGENTS_CHANNEL, ts: postTs(post) });
    const opened = await fake.waitFor(
      () => fake.callsTo('views.open', (b) => (b.view as { private_metadata?: string }).private_metadata === ticket.id)[0],
    );
    const blocks = (
      opened.body.view as { blocks: { block_id?: string; hint?: { text: string }; element?: { type: string; initial_value?: string } }[] }
    ).blocks;
    const field = blocks.find((b) => b.block_id === INTENT_INPUT.block)!;
    expect(field.element).toMatchObject({ type: 'plain_text_input', initial_value: 'unknown' });
    expect(field.hint?.text).toMatch(/login_issue.*unknown.*snake_case/);

    const submit = (intent: string) =>
      slack.interaction({
        type: 'view_submission',
        user: { id: AGENT_B, name: 'agentb', team_id: 'T0TEAM' },
        view: {
          id: 'V0VIEW2',
          callback_id: REPLY_MODAL,
          private_metadata: ticket.id,
          state: {
            values: {
              reply: { text: { type: 'plain_text_input', value: 'We only help with Acme accounts, sorry.' } },
              intent: { intent: { type: 'plain_text_input', value: intent } },
            },
          },
        },
      });
    const refused = await submit('Weather question');
    expect(JSON.parse(refused.body)).toEqual({
      response_action: 'errors',
      errors: {
        [INTENT_INPUT.block]: expect.stringMatching(
          /^The intent "Weather question" must be "unknown" .*snake_case.*at most 64 characters.*Clear the field to resolve without an intent\.$/,
        ),
      },
    });
    expect((await tickets().findById(ticket.id))?.status).toBe('ESCALATED');

    const accepted = await submit(field.element!.initial_value!);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toBe('');
    expect(await untilStatus(ticket.id, ['RESOLVED'])).toMatchObject({
      responseSource: 'AGENT',
      intent: 'unknown',
      labelledIntent: 'unknown',
    });
  });

  it('keeps the modal open with the reason when the reply is empty', async () => {
    const { ticket } = await supportTicket(HUMAN);
    const res = await slack.interaction({
      type: 'view_submission',
      user: { id: AGENT_A, name: 'agenta', team_id: 'T0TEAM' },
      view: {
        id: 'V0VIEW',
        callback_id: REPLY_MODAL,
        private_metadata: ticket.id,
        state: { values: { reply: { text: { type: 'plain_text_input', value: '  ' } } } },
      },
    });
    expect(JSON.parse(res.body)).toMatchObject({ response_action: 'errors', errors: { reply: expect.stringMatching(/reply/) } });
    expect((await tickets().findById(ticket.id))?.status).toBe('ESCALATED');
  });

  it('resolves with /resolve <number> <reply> for agents, and refuses others', async () => {
    const { ticket, threadTs } = await supportTicket(HUMAN);
    const refused = await slack.command('/resolve', `${ticket.number} We refunded the second charge.`, newCustomer()).send();
    expect(JSON.parse(refused.body).text).toMatch(/agents channel/);
    const usage = await slack.command('/resolve', 'soon', AGENT_B).send();
    expect(JSON.parse(usage.body).text).toMatch(/Usage/);

    const res = await slack.command('/resolve', `${ticket.number} We refunded the second charge.`, AGENT_B).send();
    expect(JSON.parse(res.body).text).toContain(`Ticket #${ticket.number} resolved`);
    expect(await untilStatus(ticket.id, ['RESOLVED'])).toMatchObject({
      response: 'We refunded the second charge.',
      responseSource: 'AGENT',
    });
    await fake.waitFor(() => postsIn('C0GENERAL', threadTs).find((c) => c.body.text === 'We refunded the second charge.'));
  });
});

describe('/metrics', () => {
  it('answers admins (configured or workspace admins) ephemerally with the metrics, and politely refuses others', async () => {
    // A resolution timer past its target on a ticket: the SLA line counts it.
    const { prisma } = app.running.services.db;
    const { id: ticketId } = await ticketNumbered(JSON.parse((await slack.command('/support', HUMAN, newCustomer()).send()).body).text);
    await prisma.slaTimer.create({
      data: {
        ticketId,
        metric: 'RESOLUTION',
        seq: 90,
        priority: 'P3',
        state: 'breached',
        breached: true,
        targetMinutes: 60,
        startedAt: new Date(0),
      },
    });
    const openPastTarget = await prisma.slaTimer.count({ where: { stoppedAt: null, breached: true } });
    const asAdmin = slack.command('/metrics', '24h', ADMIN_ID);
    expect((await asAdmin.send()).status).toBe(200);
    const figures = await responseTo(asAdmin.responseUrl);
    expect(figures.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(figures.body.blocks)).toContain('Auto-resolved');
    expect(JSON.stringify(figures.body.blocks)).toContain('last 24h');
    expect(JSON.stringify(figures.body.blocks)).toContain(`· ${openPastTarget} open past target`);

    fake.workspaceAdmins.add('U0WSADMIN');
    const asWorkspaceAdmin = slack.command('/metrics', '', 'U0WSADMIN');
    await asWorkspaceAdmin.send();
    expect(JSON.stringify((await responseTo(asWorkspaceAdmin.responseUrl)).body.blocks)).toContain('last 7d');

    const asCustomer = slack.command('/metrics', '7d', newCustomer());
    await asCustomer.send();
    const refusal = await responseTo(asCustomer.responseUrl);
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/for Firstline's admins/) });
    expect(refusal.body.blocks).toBeUndefined();
  });
});

describe('reliability', () => {
  it('opens one ticket and sends one reply for an event Slack retries', async () => {
    const dm = message({ user: newCustomer(), text: AUTO, channel: 'D0RETRY', channel_type: 'im' });
    await slack.event(dm, 'EvRetried');
    const retries = await Promise.all(
      [1, 2, 3].map((n) => slack.event(dm, 'EvRetried', { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' })),
    );
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200]);
    const ticket = await ticketOfMessage('D0RETRY', dm.ts);
    const resolved = await untilStatus(ticket.id, ['AUTO_RESOLVED']);
    await fake.waitFor(() => postsIn('D0RETRY', dm.ts).find((c) => c.body.text === resolved.response));
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect(await app.running.services.db.prisma.ticket.count({ where: { chatChannelId: 'D0RETRY' } })).toBe(1);
    expect(postsIn('D0RETRY')).toHaveLength(1);
  });

  it('retries a chat.postMessage answered with 429 after its Retry-After, and delivers it once', async () => {
    fake.rateLimit('chat.postMessage', 'D0LIMIT', 1);
    const dm = message({ user: newCustomer(), text: AUTO, channel: 'D0LIMIT', channel_type: 'im' });
    await slack.event(dm);
    const ticket = await untilStatus((await ticketOfMessage('D0LIMIT', dm.ts)).id, ['AUTO_RESOLVED']);
    const attempts = await fake.waitFor(() => {
      const posts = fake.callsTo('chat.postMessage', (b) => b.channel === 'D0LIMIT');
      return posts.some((c) => c.status === 200) && posts;
    });
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(attempts[1]!.body.text).toBe(ticket.response);
  });

  it('delivers once Slack is reachable again after server errors', async () => {
    fake.script('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' }, channel: 'D0DOWN' }, 2);
    const dm = message({ user: newCustomer(), text: AUTO, channel: 'D0DOWN', channel_type: 'im' });
    await slack.event(dm);
    const ticket = await untilStatus((await ticketOfMessage('D0DOWN', dm.ts)).id, ['AUTO_RESOLVED']);
    const attempts = await fake.waitFor(() => {
      const posts = fake.callsTo('chat.postMessage', (b) => b.channel === 'D0DOWN');
      return posts.some((c) => c.status === 200) && posts;
    });
    expect(attempts.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(attempts[2]!.body.text).toBe(ticket.response);
  });

  it('records a delivery Slack refuses for good on the ticket, and counts it in the admin metrics', async () => {
    fake.refuseChannel('C0GONE', 'channel_not_found');
    const before = (await app.running.services.metrics.compute('24h', new Date())).deliveryFailures;
    const res = await slack.command('/support', AUTO, newCustomer(), 'C0GONE').send();
    const ticket = await ticketNumbered(JSON.parse(res.body).text);
    const failed = await eventually(
      async () => (await tickets().listEvents(ticket.id)).find((e) => e.type === 'delivery_failed'),
      'the failed delivery',
    );
    expect(failed.data).toMatchObject({ kind: 'header', platform: 'SLACK', error: expect.stringContaining('channel_not_found') });
    expect((await app.running.services.metrics.compute('24h', new Date())).deliveryFailures).toBe(before + 1);
    // The ticket itself is not lost: the pipeline still decided it.
    expect((await untilStatus(ticket.id, ['AUTO_RESOLVED'])).response).toBeTruthy();
  });
});
