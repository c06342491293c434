import { describe, expect, it } from 'vitest';
import {
  CUSTOM,
  agentsPost,
  alertMessage,
  customId,
  customerMessage,
  escapeMarkdown,
  incidentPost,
  parseCustomId,
  slaNoticeMessage,
} from '../../src/adapters/discord/messages.js';
import type { IncidentSummary } from '../../src/domain/incident.js';
import type { AgentsPostView } from '../../src/domain/ports/chat.js';
import type { Ticket } from '../../src/domain/ticket.js';

const TICKET_ID = '00000000-0000-4000-8000-000000000001';
const ticket = (fields: Partial<Ticket> = {}) =>
  ({
    id: TICKET_ID,
    number: 9,
    message: '**free** @everyone',
    status: 'ESCALATED',
    intent: 'payment_issue',
    confidence: 0.4,
    urgency: 'NORMAL',
    priority: 'P3',
    escalationReason: 'low_confidence',
    response: null,
    ...fields,
  }) as Ticket;
const view = (fields: Partial<AgentsPostView> = {}): AgentsPostView => ({
  ticket: ticket(),
  requester: { name: 'Sam', chatUserId: '7001' },
  assignee: null,
  suggestedReply: null,
  suggestedReplyConfidence: null,
  rejectedAnswer: null,
  incidentNumber: null,
  offeredTo: null,
  passages: [],
  slaTimers: [],
  ...fields,
});
const customIds = (message: unknown): string[] => [...JSON.stringify(message).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);

describe('Discord messages', () => {
  it('lists the sections of the docs found for an escalated ticket, linked, with their answer confidence', () => {
    const passages = [
      { title: 'Billing › Refunds', link: 'https://help.example.com/billing#refunds', answerConfidence: 0.72 },
      { title: 'Plans', link: null, answerConfidence: null },
    ];
    const fields = agentsPost(view({ passages })).embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'From your docs')?.value).toBe(
      '• [Billing › Refunds](https://help.example.com/billing#refunds) (answer confidence 72 %)\n• Plans',
    );
    expect((agentsPost(view()).embeds?.[0]?.fields ?? []).some((f) => f.name === 'From your docs')).toBe(false);
  });

  it('round-trips button ids and rejects foreign ones', () => {
    expect(parseCustomId(customId(CUSTOM.claim, TICKET_ID))).toEqual({ action: 'claim', ticketId: TICKET_ID });
    expect(parseCustomId('claim:not-a-ticket')).toBeNull();
    expect(parseCustomId('something-else')).toBeNull();
  });

  it('never pings and shows a customer’s markdown as written', () => {
    expect(escapeMarkdown('**free**')).toBe('\\*\\*free\\*\\*');
    const post = agentsPost(view());
    expect(post.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(post.embeds)).toContain('\\\\*\\\\*free\\\\*\\\\*');
    expect(customerMessage({ kind: 'escalated', ticketNumber: 9, reason: null }).allowed_mentions).toEqual({ parse: [] });
  });

  it('offers Claim and Reply while escalated, Reply once claimed, nothing once resolved', () => {
    expect(customIds(agentsPost(view()).components)).toEqual([customId(CUSTOM.claim, TICKET_ID), customId(CUSTOM.reply, TICKET_ID)]);
    expect(customIds(agentsPost(view({ ticket: ticket({ status: 'IN_PROGRESS' }) })).components)).toEqual([
      customId(CUSTOM.reply, TICKET_ID),
    ]);
    expect(agentsPost(view({ ticket: ticket({ status: 'RESOLVED', response: 'Refunded.' }) })).components).toEqual([]);
  });

  it('puts the feedback buttons under automatic answers only', () => {
    const answer = customerMessage({ kind: 'answer', ticketId: TICKET_ID, ticketNumber: 9, text: 'Do this.', fromSimilarTicket: true });
    expect(customIds(answer.components)).toEqual([customId(CUSTOM.helpful, TICKET_ID), customId(CUSTOM.notHelpful, TICKET_ID)]);
    expect(answer.content).toContain('from a similar resolved request');
    expect(
      customerMessage({ kind: 'agent_answer', ticketNumber: 9, text: 'Done.', agent: { name: 'Ana', chatUserId: '7002' } }).components,
    ).toBeUndefined();
  });

  it('shows an incident with its live count, never pings, and says when it is resolved', () => {
    const incident = {
      id: TICKET_ID,
      number: 4,
      status: 'OPEN',
      title: 'Checkout is *down* @everyone',
      intent: null,
      response: null,
      resolvedById: null,
      chatPlatform: null,
      chatChannelId: null,
      chatMessageId: null,
      createdAt: new Date(),
      resolvedAt: null,
      ticketCount: 23,
      openTicketCount: 21,
      ticketNumbers: Array.from({ length: 20 }, (_, i) => i + 1),
    } satisfies IncidentSummary;
    const open = incidentPost(incident);
    expect(open.content).toBe('**🔥 Incident #4 · 23 reports**');
    expect(open.embeds?.[0]?.description).toBe('> Checkout is \\*down\\* @everyone');
    expect(JSON.stringify(open.embeds?.[0]?.fields)).toContain('and 3 more');
    expect(open.allowed_mentions).toEqual({ parse: [] });
    const resolved = incidentPost({ ...incident, status: 'RESOLVED', response: 'Fixed.' });
    expect(resolved.content).toBe('**✅ Incident #4 · 23 reports · resolved**');
    expect(JSON.stringify(resolved.embeds?.[0]?.fields)).toContain('Resolution sent');
  });

  it('words an urgent alert for a Discord webhook', () => {
    const alert = alertMessage({
      ticketNumber: 7,
      priority: 'P1',
      urgencyScore: 0.93,
      status: 'AUTO_RESOLVED',
      intent: 'login_issue',
      escalationReason: null,
      source: 'API',
      message: 'site down',
    });
    expect(alert.embeds?.[0]?.title).toBe('🚨 Urgent ticket #7 (P1)');
    expect(alert.embeds?.[0]?.fields).toEqual(expect.arrayContaining([{ name: 'Status', value: 'answered automatically', inline: true }]));
  });

  it('shows the suggested answer with its answer confidence, escaped and within a field’s 1024 characters', () => {
    const fields =
      agentsPost(view({ suggestedReply: 'Use **Settings** > Reset', suggestedReplyConfidence: 0.93 })).embeds?.[0]?.fields ?? [];
    expect(fields).toContainEqual({ name: 'Suggested answer (answer confidence 93 %)', value: '> Use \\*\\*Settings\\*\\* \\> Reset' });
    expect(fields.map((f) => f.name)).not.toContain('Shadow mode');
    const long = agentsPost(view({ suggestedReply: 'a\n'.repeat(900), suggestedReplyConfidence: 0.5 })).embeds?.[0]?.fields ?? [];
    expect(long.find((f) => f.name.startsWith('Suggested answer'))!.value.length).toBeLessThanOrEqual(1024);
  });

  it('says Firstline would have answered a shadow-mode escalation itself', () => {
    const fields =
      agentsPost(view({ ticket: ticket({ escalationReason: 'shadow_mode' }), suggestedReply: 'Reset it.', suggestedReplyConfidence: 0.97 }))
        .embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Shadow mode')?.value).toContain('Firstline would have answered this itself (shadow mode)');
    expect(fields.map((f) => f.name)).toContain('Suggested answer (answer confidence 97 %)');
  });

  it('pings only the agent an escalation is offered to', () => {
    const offered = agentsPost(view({ offeredTo: { name: 'Ana', chatUserId: '7002' } }));
    expect(offered.content).toContain('offered to <@7002>');
    expect(offered.allowed_mentions).toEqual({ parse: [], users: ['7002'] });
    expect(agentsPost(view()).allowed_mentions).toEqual({ parse: [] });
  });
});

describe('Discord SLA timers', () => {
  const due = new Date('2026-12-05T14:30:00Z');
  const unix = Math.floor(due.getTime() / 1000);

  it('shows each timer’s state in words in a field of the agents’ post, with Discord timestamps', () => {
    const post = agentsPost(
      view({
        slaTimers: [
          { metric: 'firstResponse', state: 'met', breached: false, dueAt: null, stoppedAt: due },
          { metric: 'nextResponse', state: 'breached', breached: true, dueAt: due, stoppedAt: null },
        ],
      }),
    );
    const field = post.embeds?.[0]?.fields?.find((f) => f.name === 'SLA');
    expect(field?.value).toBe(`✅ First response: met\n🔴 Next response: breached <t:${unix}:R> (was due <t:${unix}:f>)`);
    expect(agentsPost(view()).embeds?.[0]?.fields?.some((f) => f.name === 'SLA')).toBe(false);
  });

  it('pings exactly the agent and the on-call role of a notice', () => {
    const message = slaNoticeMessage({
      ticketNumber: 42,
      metric: 'firstResponse',
      stage: 'still_breached',
      minutesOver: 30,
      dueAt: due,
      mention: { name: 'Ana', chatUserId: '7001' },
      onCallGroupId: '9001',
    });
    expect(message.content).toContain('**🔴 SLA still breached · Ticket #42**');
    expect(message.content).toContain('30 minutes after the target');
    expect(message.content).toContain('Attention: <@7001> <@&9001>');
    expect(message.allowed_mentions).toEqual({ parse: [], users: ['7001'], roles: ['9001'] });
  });

  it('pings nobody for an agent without a Discord identity, and writes no malformed role id', () => {
    const message = slaNoticeMessage({
      ticketNumber: 42,
      metric: 'resolution',
      stage: 'at_risk',
      minutesOver: null,
      dueAt: null,
      mention: { name: 'Ana_B', chatUserId: null },
      onCallGroupId: '@everyone',
    });
    expect(message.content).toContain('Attention: Ana\\_B');
    expect(message.content).not.toContain('@everyone');
    expect(message.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
  });
});
