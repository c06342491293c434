// AUTO_RESOLVE_MODE=shadow in Slack: the real service and Bolt app against the local fake Slack Web
// API. The customer hears only that a person will follow up; the agents' post shows what Firstline
// would have answered and how confident it was, and the Reply modal offers it to send as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, REPLY_INPUT, REPLY_MODAL, escapeText } from '../../src/adapters/slack/blocks.js';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, type SlackCall } from '../fakes/fake-slack.js';

/** Answered automatically in live mode (slack.test.ts). */
const AUTO = 'I forgot my password and cannot log in';
const AGENT = 'U0AGENTS1';
const CUSTOMER = 'U0CUSTS1';

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.agents.add(AGENT);
  app = await startTestApp({
    ...fake.appEnv(),
    AUTO_RESOLVE_MODE: 'shadow',
  });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const tickets = () => app.running.services.tickets;
const postsIn = (channel: string, threadTs?: string) =>
  fake.callsTo('chat.postMessage', (b) => b.channel === channel && (threadTs === undefined || b.thread_ts === threadTs));
const blocksText = (call: SlackCall): string => JSON.stringify(call.body.blocks ?? []);

describe('shadow mode in Slack', () => {
  it('tells the customer only that a person will follow up, shows agents the suggestion with its confidence, and counts it sent unchanged as agreement', async () => {
    const res = await slack.command('/support', AUTO, CUSTOMER).send();
    const number = Number(/Ticket #(\d+)/.exec(JSON.parse(res.body).text)?.[1]);
    const opened = await eventually(() => tickets().findByNumber(number), `ticket #${number}`);
    const ticket = await untilStatus(app.running.services, opened.id, ['ESCALATED']);
    expect(ticket).toMatchObject({ escalationReason: 'shadow_mode', response: null });
    const audit = (await tickets().listEvents(ticket.id)).find((e) => e.type === 'triaged')!.data as {
      suggestedReply: string;
      answerConfidence: number;
    };

    // The agents' post: the would-be answer, its answer confidence, and why it is here.
    const post = await fake.waitFor(() => postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)));
    const blocks = blocksText(post);
    expect(blocks).toContain(`Suggested answer (answer confidence ${Math.round(audit.answerConfidence * 100)} %)`);
    // Quoted line by line, escaped.
    for (const line of audit.suggestedReply.split('\n').filter((l) => l.trim() !== ''))
      expect(blocks).toContain(JSON.stringify(`>${escapeText(line)}`).slice(1, -1));
    expect(blocks).toContain('Firstline would have answered this itself (shadow mode)');

    // The customer's thread: the escalation notice, and no answer (the one delivery of this change).
    const threadTs = await eventually(async () => (await tickets().findById(ticket.id))?.chatThreadId, 'the ticket thread');
    const notice = await fake.waitFor(() => postsIn('C0GENERAL', threadTs)[0]);
    expect(notice.body.text).toBe(`Ticket #${ticket.number} is with our support team; a person will follow up here.`);
    expect(blocksText(notice)).not.toContain(ACTIONS.helpful);
    expect(postsIn('C0GENERAL', threadTs)).toHaveLength(1);

    // Reply opens prefilled with the suggestion; sending it unchanged is agreement.
    await slack.click(ACTIONS.reply, ticket.id, AGENT, { channel: AGENTS_CHANNEL, ts: String(post.response?.ts) });
    const modal = await fake.waitFor(
      () => fake.callsTo('views.open', (b) => (b.view as { private_metadata?: string }).private_metadata === ticket.id)[0],
    );
    const input = (modal.body.view as { blocks: { block_id?: string; element?: { initial_value?: string } }[] }).blocks.find(
      (b) => b.block_id === REPLY_INPUT.block,
    );
    expect(input?.element?.initial_value).toBe(audit.suggestedReply);
    const submit = await slack.interaction({
      type: 'view_submission',
      user: { id: AGENT, name: 'agent', team_id: 'T0TEAM' },
      view: {
        id: 'V0SHADOW',
        callback_id: REPLY_MODAL,
        private_metadata: ticket.id,
        state: { values: { reply: { text: { type: 'plain_text_input', value: input!.element!.initial_value } } } },
      },
    });
    expect(submit.status).toBe(200);
    await untilStatus(app.running.services, ticket.id, ['RESOLVED']);
    expect((await tickets().listEvents(ticket.id)).find((e) => e.type === 'resolved')?.data).toMatchObject({ agreedWithSuggestion: true });
    await fake.waitFor(() => postsIn('C0GENERAL', threadTs).find((c) => c.body.text === escapeText(audit.suggestedReply)));
  });
});
