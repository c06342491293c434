import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  agentsPost,
  customerMessage,
  escapeText,
  headerMessage,
  metricsMessage,
  slaNoticeMessage,
} from '../../src/adapters/slack/blocks.js';
import type { AgentsPostView } from '../../src/domain/ports/chat.js';
import type { Metrics } from '../../src/domain/metrics.js';
import { slaAttainmentTable } from '../../src/domain/sla-attainment.js';
import type { Ticket } from '../../src/domain/ticket.js';

const ticket = (fields: Partial<Ticket> = {}): Ticket => ({
  id: '00000000-0000-4000-8000-000000000001',
  number: 42,
  source: 'SLACK',
  requesterId: 'u1',
  apiKeyId: null,
  message: 'Help <!channel> & <@U999>',
  status: 'ESCALATED',
  intent: 'billing',
  confidence: 0.41,
  labelledIntent: null,
  answerBasis: null,
  externalId: null,
  urgency: 'NORMAL',
  urgencyScore: 0.1,
  priority: 'P3',
  escalationReason: 'low_confidence',
  response: null,
  responseSource: null,
  matchedTicketId: null,
  similarity: null,
  solutionDemotedAt: null,
  assigneeId: null,
  incidentId: null,
  offeredToId: null,
  chatPlatform: 'SLACK',
  chatWorkspaceId: 'T1',
  chatChannelId: 'C1',
  chatThreadId: null,
  chatMessageId: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  firstResponseAt: null,
  resolvedAt: null,
  closedAt: null,
  ...fields,
});

const view = (fields: Partial<AgentsPostView> = {}): AgentsPostView => ({
  ticket: ticket(),
  requester: { name: 'Sam', chatUserId: 'U100' },
  assignee: null,
  suggestedReply: 'Try this',
  suggestedReplyConfidence: 0.93,
  rejectedAnswer: null,
  incidentNumber: null,
  offeredTo: null,
  passages: [],
  slaTimers: [],
  ...fields,
});

const actionIds = (blocks: unknown): string[] => [...JSON.stringify(blocks).matchAll(/"action_id":"([a-z_]+)"/g)].map((m) => m[1]!);

describe('Slack messages', () => {
  it('shows a customer’s text without letting it mention @channel or people', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    const header = headerMessage(ticket(), { name: 'Sam', chatUserId: 'U100' });
    for (const text of [header.text, JSON.stringify(header.blocks), agentsPost(view()).text, JSON.stringify(agentsPost(view()).blocks)]) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<@U999>');
    }
    // The people Firstline itself names are mentions.
    expect(JSON.stringify(header.blocks)).toContain('<@U100>');
  });

  it('puts the feedback buttons under automatic answers only', () => {
    const answer = customerMessage({ kind: 'answer', ticketId: 't', ticketNumber: 7, text: 'Reset it here.', fromSimilarTicket: false });
    expect(actionIds(answer.blocks)).toEqual([ACTIONS.helpful, ACTIONS.notHelpful]);
    const agent = customerMessage({ kind: 'agent_answer', ticketNumber: 7, text: 'Done.', agent: { name: 'Ana', chatUserId: 'U2' } });
    expect(actionIds(agent.blocks)).toEqual([]);
    const escalated = customerMessage({ kind: 'escalated', ticketNumber: 7, reason: 'low_confidence' });
    expect(escalated.text).toBe('Ticket #7 is with our support team; a person will follow up here.');
  });

  it('offers Claim and Reply while escalated, Reply once claimed, nothing once resolved', () => {
    expect(actionIds(agentsPost(view()).blocks)).toEqual([ACTIONS.claim, ACTIONS.reply]);
    const claimed = agentsPost(view({ ticket: ticket({ status: 'IN_PROGRESS' }), assignee: { name: 'Ana', chatUserId: 'U2' } }));
    expect(actionIds(claimed.blocks)).toEqual([ACTIONS.reply]);
    expect(JSON.stringify(claimed.blocks)).toContain('Claimed by <@U2>');
    const resolved = agentsPost(
      view({ ticket: ticket({ status: 'RESOLVED', response: 'Refunded.' }), assignee: { name: 'Ana', chatUserId: 'U2' } }),
    );
    expect(actionIds(resolved.blocks)).toEqual([]);
    expect(JSON.stringify(resolved.blocks)).toContain('Refunded.');
    expect(JSON.stringify(resolved.blocks)).not.toContain('Suggested answer');
  });

  it('lists the sections of the docs found for an escalated ticket, linked, with their answer confidence', () => {
    const passages = [
      { title: 'Billing › Refunds', link: 'https://help.example.com/billing#refunds', answerConfidence: 0.72 },
      { title: 'Plans <annual>', link: null, answerConfidence: null },
    ];
    const text = JSON.stringify(agentsPost(view({ passages })).blocks);
    expect(text).toContain('*From your docs*');
    expect(text).toContain('• <https://help.example.com/billing#refunds|Billing › Refunds> (answer confidence 72 %)');
    expect(text).toContain('• Plans &lt;annual&gt;');
    expect(JSON.stringify(agentsPost(view()).blocks)).not.toContain('From your docs');
  });

  it('shows the suggested answer with its answer confidence, escaped and within a section’s 3000 characters', () => {
    const post = JSON.stringify(agentsPost(view({ suggestedReply: 'Reset it <!here> & retry' })).blocks);
    expect(post).toContain('*Suggested answer (answer confidence 93 %)*\\n>Reset it &lt;!here&gt; &amp; retry');
    expect(post).not.toContain('shadow mode');
    const long = agentsPost(view({ suggestedReply: 'word '.repeat(2000) })).blocks;
    const section = long.find((b) => b.type === 'section' && JSON.stringify(b).includes('Suggested answer'));
    expect((section as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
  });

  it('says Firstline would have answered a shadow-mode escalation itself', () => {
    const post = JSON.stringify(agentsPost(view({ ticket: ticket({ escalationReason: 'shadow_mode' }) })).blocks);
    expect(post).toContain('Firstline would have answered this itself (shadow mode)');
    expect(post).toContain('Suggested answer (answer confidence 93 %)');
  });

  it('shows the admin metrics, with missing figures as n/a', () => {
    const metrics: Metrics = {
      window: '7d',
      since: new Date(),
      totals: { tickets: 3, byStatus: {}, bySource: {}, byIntent: { billing: 2, login_issue: 1 } },
      autoResolveRate: 2 / 3,
      escalationRate: null,
      resolutions: { verified: 1, assumed: 0 },
      medianSecondsToFirstResponse: 42,
      medianSecondsToResolution: null,
      satisfaction: { helpful: 1, notHelpful: 0, rate: 1 },
      openEscalations: 1,
      deliveryFailures: 2,
      shadow: { tickets: 0, agreed: 0, byThreshold: [] },
    };
    const text = JSON.stringify(metricsMessage(metrics, slaAttainmentTable([], [])).blocks);
    expect(text).toContain('*Auto-resolved*\\n67%');
    expect(text).toContain('*Escalated*\\nn/a');
    expect(text).toContain('*Median first response*\\n42 s');
    expect(text).toContain('*Failed deliveries*\\n2');
    expect(text).toContain('billing: 2, login_issue: 1');
    expect(text).not.toContain('SLA');
    // With SLA timers, their attainment is one more line under the figures.
    const withSla = metricsMessage(metrics, slaAttainmentTable([{ priority: 'P2', metric: 'firstResponse', met: 1, breached: 1 }], []));
    expect(withSla.blocks.at(-1)).toMatchObject({
      type: 'context',
      elements: [{ text: expect.stringContaining('First response 50% (1 of 2)') }],
    });
  });
});

describe('Slack SLA timers', () => {
  const NOW = new Date('2026-12-05T12:00:00Z');
  const due = new Date('2026-12-05T14:30:00Z');
  const unix = Math.floor(due.getTime() / 1000);

  it('shows each timer’s state in words on the agents’ post, its due time in the reader’s time zone with a UTC fallback', () => {
    const post = agentsPost(
      view({
        slaTimers: [
          { metric: 'firstResponse', state: 'at_risk', breached: false, dueAt: due, stoppedAt: null },
          { metric: 'resolution', state: 'met', breached: true, dueAt: due, stoppedAt: NOW },
        ],
      }),
      NOW,
    );
    const sla = JSON.stringify(post.blocks.find((b) => JSON.stringify(b).includes('*SLA*')));
    expect(sla).toContain('First response: at risk, due <!date^' + unix + '^{date_short_pretty} {time}|14:30 UTC>');
    expect(sla).toContain('Resolution: missed');
    expect(JSON.stringify(agentsPost(view(), NOW).blocks)).not.toContain('*SLA*');
  });

  it('mentions the agent and the on-call user group in a notice, and says what happened', () => {
    const message = slaNoticeMessage(
      {
        ticketNumber: 42,
        metric: 'firstResponse',
        stage: 'breached',
        minutesOver: 0,
        dueAt: due,
        mention: { name: 'Ana', chatUserId: 'U0ANA' },
        onCallGroupId: 'S0ONCALL',
      },
      NOW,
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('SLA breached · Ticket #42');
    expect(text).toContain('The first response target was missed');
    expect(text).toContain('Attention: <@U0ANA> <!subteam^S0ONCALL>');
    expect(message.text).toContain('<!subteam^S0ONCALL>');
  });

  it('names an agent without a Slack identity without mentioning, and writes no malformed group id into a mention', () => {
    const message = slaNoticeMessage(
      {
        ticketNumber: 42,
        metric: 'resolution',
        stage: 'at_risk',
        minutesOver: null,
        dueAt: null,
        mention: { name: 'Ana <!channel>', chatUserId: null },
        onCallGroupId: 'S1>|<!channel',
      },
      NOW,
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Attention: Ana &lt;!channel&gt;');
    expect(text).not.toContain('<!channel');
    expect(text).not.toContain('subteam');
  });
});
