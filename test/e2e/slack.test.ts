// The Slack bot end to end: the real service (API + worker on PostgreSQL and Redis) with the real
// Bolt app, driven by signed requests to POST /slack/events, talking to a local fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { ACTIONS } from '../../src/adapters/slack/blocks.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, sign, type SlackCall } from '../fakes/fake-slack.js';

const AUTO = 'I forgot my password and cannot log in';
const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
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
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-slack-signing-secret',
    SLACK_AGENTS_CHANNEL: AGENTS_CHANNEL,
    SLACK_ADMIN_USER_IDS: ADMIN_ID,
    SLACK_API_URL: fake.apiUrl,
    RETRAIN_DEBOUNCE_SECONDS: '0',
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

/** Polls the database until the ticket reaches one of the statuses. */
async function untilStatus(ticketId: string, statuses: Ticket['status'][]): Promise<Ticket> {
  const started = Date.now();
  for (;;) {
    const ticket = await tickets().findById(ticketId);
    if (ticket && statuses.includes(ticket.status)) return ticket;
    if (Date.now() - started > 15_000) throw new Error(`ticket ${ticketId} is ${ticket?.status}, not ${statuses.join('/')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

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
    const notice = await fake.waitFor(() => postsIn('C0GENERAL', threadTs).find((c) => String(c.body.text).includes('person will follow up')));
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

async function untilThread(ticketId: string): Promise<string> {
  const started = Date.now();
  for (;;) {
    const ticket = await tickets().findById(ticketId);
    if (ticket?.chatThreadId) return ticket.chatThreadId;
    if (Date.now() - started > 15_000) throw new Error(`ticket ${ticketId} has no thread`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

