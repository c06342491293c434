import { describe, expect, it } from 'vitest';
import type { ChatMessenger } from '../../src/domain/ports/chat.js';
import type { EventKey } from '../../src/domain/ticket-event.js';
import type { ChatPlatform, Ticket } from '../../src/domain/ticket.js';
import { agentsPlatformFor, plannedDeliveries, type Messengers } from '../../src/pipeline/chat/delivery/route-outcome.js';

const messenger = (platform: ChatPlatform, hasAgentsChannel: boolean) => ({ platform, hasAgentsChannel }) as ChatMessenger;
const messengers = (...list: ChatMessenger[]): Messengers => new Map(list.map((m) => [m.platform, m]));
const ticket = (chatPlatform: ChatPlatform | null) => ({ id: 't1', chatPlatform }) as Ticket;
const outcome = (status: Ticket['status'], eventKey: EventKey = 'triaged') => ({ ticketId: 't1', status, eventKey });

describe('routing an outcome to chat', () => {
  const slackWithAgents = messengers(messenger('SLACK', true));

  it('answers an automatic resolution in the customer’s conversation only', () => {
    expect(plannedDeliveries(ticket('SLACK'), outcome('AUTO_RESOLVED'), slackWithAgents)).toEqual([
      { kind: 'customer', ticketId: 't1', platform: 'SLACK', eventKey: 'triaged', status: 'AUTO_RESOLVED' },
    ]);
  });

  it('tells the customer about an escalation and posts it for agents', () => {
    expect(plannedDeliveries(ticket('SLACK'), outcome('ESCALATED'), slackWithAgents).map((d) => d.kind)).toEqual(['customer', 'agents']);
  });

  it('keeps a claim between agents', () => {
    expect(plannedDeliveries(ticket('SLACK'), outcome('IN_PROGRESS', 'claimed'), slackWithAgents).map((d) => d.kind)).toEqual(['agents']);
  });

  it('escalates an API ticket to the first platform with an agents’ channel, and tells no chat customer', () => {
    const both = messengers(messenger('DISCORD', false), messenger('SLACK', true));
    expect(agentsPlatformFor(ticket(null), both)).toBe('SLACK');
    expect(plannedDeliveries(ticket(null), outcome('ESCALATED'), both)).toEqual([
      { kind: 'agents', ticketId: 't1', platform: 'SLACK', eventKey: 'triaged' },
    ]);
  });

  it('delivers nothing for a platform that is not connected', () => {
    expect(plannedDeliveries(ticket('DISCORD'), outcome('AUTO_RESOLVED'), slackWithAgents)).toEqual([]);
    expect(plannedDeliveries(ticket('SLACK'), outcome('ESCALATED'), messengers())).toEqual([]);
  });
});
