import { describe, expect, it } from 'vitest';
import { CUSTOM, agentsPost, customId, customerMessage, escapeMarkdown, parseCustomId } from '../../src/adapters/discord/messages.js';
import type { AgentsPostView } from '../../src/domain/chat-ports.js';
import type { Ticket } from '../../src/domain/ticket.js';

const TICKET_ID = '00000000-0000-4000-8000-000000000001';
const ticket = (fields: Partial<Ticket> = {}) => ({ id: TICKET_ID, number: 9, message: '**free** @everyone', status: 'ESCALATED', intent: 'payment_issue', confidence: 0.4, urgency: 'NORMAL', priority: 'P3', escalationReason: 'low_confidence', response: null, ...fields }) as Ticket;
const view = (fields: Partial<AgentsPostView> = {}): AgentsPostView => ({ ticket: ticket(), requester: { name: 'Sam', chatUserId: '7001' }, assignee: null, suggestedReply: null, rejectedAnswer: null, ...fields });
const customIds = (message: unknown): string[] => [...JSON.stringify(message).matchAll(/"custom_id":"([^"]+)"/g)].map((m) => m[1]!);

describe('Discord messages', () => {
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
    expect(customIds(agentsPost(view({ ticket: ticket({ status: 'IN_PROGRESS' }) })).components)).toEqual([customId(CUSTOM.reply, TICKET_ID)]);
    expect(agentsPost(view({ ticket: ticket({ status: 'RESOLVED', response: 'Refunded.' }) })).components).toEqual([]);
  });

  it('puts the feedback buttons under automatic answers only', () => {
    const answer = customerMessage({ kind: 'answer', ticketId: TICKET_ID, ticketNumber: 9, text: 'Do this.', fromSimilarTicket: true });
    expect(customIds(answer.components)).toEqual([customId(CUSTOM.helpful, TICKET_ID), customId(CUSTOM.notHelpful, TICKET_ID)]);
    expect(answer.content).toContain('from a similar resolved request');
    expect(customerMessage({ kind: 'agent_answer', ticketNumber: 9, text: 'Done.', agent: { name: 'Ana', chatUserId: '7002' } }).components).toBeUndefined();
  });
});
