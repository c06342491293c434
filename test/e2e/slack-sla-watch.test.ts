// SLA timers watched end to end in Slack: the real service (API, worker and the SLA watch on
// PostgreSQL and Redis) and the real Bolt app against the fake Slack. A DM that escalates gets
// timers; when its first-response timer comes at risk (a delayed BullMQ job at that instant), agents
// are told in the thread of its agents' post with the on-call group's mention, the post shows the
// state, and the customer hears nothing of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { AGENTS_CHANNEL, FakeSlack, SlackRequests, type SlackCall } from '../fakes/fake-slack.js';

const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';
const ON_CALL = 'S0ONCALL';
// A one-minute first response around the clock, at risk after 2 % of it (1.2 s): the test sees the
// at-risk step come from its delayed job without waiting minutes.
const POLICY = {
  atRiskShare: 0.02,
  targets: { firstResponse: { minutes: 1, clock: 'calendar' }, resolution: { minutes: 60, clock: 'calendar' } },
  ladder: [{ on: { kind: 'at_risk' }, actions: ['mention_assignee', 'mention_on_call'] }],
};

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;
let configDir: string;

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'firstline-sla-watch-'));
  writeFileSync(
    join(configDir, 'sla.json'),
    JSON.stringify({ policies: { P1: POLICY, P2: POLICY, P3: POLICY, P4: POLICY }, onCall: { slack: ON_CALL } }),
  );
  fake = await new FakeSlack().start();
  app = await startTestApp({ ...fake.appEnv(), SLA_CONFIG_FILE: join(configDir, 'sla.json') });
  slack = new SlackRequests(app.url, fake);
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const services = () => app.running.services;
const blocksText = (call: SlackCall): string => JSON.stringify(call.body.blocks ?? []) + String(call.body.text ?? '');
const postsIn = (channel: string, threadTs?: string) =>
  fake.callsTo('chat.postMessage', (b) => b.channel === channel && (threadTs === undefined || b.thread_ts === threadTs));

describe('SLA watch in Slack', () => {
  it('tells agents when the first response comes at risk, shows it on the agents’ post, and tells the customer nothing', async () => {
    const channel = 'D0SLAWATCH1';
    const ts = '1800200001.000100';
    await slack.event({ type: 'message', channel_type: 'im', user: 'U0SLAWATCHC', text: HUMAN, channel, ts, event_ts: ts });
    const opened = await eventually(() => services().tickets.findByChatMessage('SLACK', channel, ts), 'the ticket of the DM');
    const ticket = await untilStatus(services(), opened.id, ['ESCALATED']);
    const post = await fake.waitFor(() => postsIn(AGENTS_CHANNEL).find((c) => String(c.body.text).startsWith(`Ticket #${ticket.number} `)));
    const postTs = String(post.response?.ts);

    const notice = await fake.waitFor(() => postsIn(AGENTS_CHANNEL, postTs).find((c) => blocksText(c).includes('SLA at risk')), 15_000);
    expect(blocksText(notice)).toContain(`Ticket #${ticket.number}`);
    expect(blocksText(notice)).toContain(`<!subteam^${ON_CALL}>`);
    await fake.waitFor(
      () => fake.callsTo('chat.update', (b) => b.ts === postTs && JSON.stringify(b.blocks).includes('First response: at risk'))[0],
      15_000,
    );

    // Taken once, and recorded in the audit trail.
    const steps = (await services().tickets.listEvents(ticket.id)).filter((e) => e.type === 'sla_step');
    expect(steps.map((e) => (e.data as { step: string }).step)).toEqual(['at_risk']);
    expect(postsIn(AGENTS_CHANNEL, postTs).filter((c) => blocksText(c).includes('SLA at risk'))).toHaveLength(1);
    // The customer's conversation never mentions SLA.
    expect(fake.callsTo('chat.postMessage', (b) => b.channel === channel).some((c) => blocksText(c).includes('SLA'))).toBe(false);
  });
});
