import { describe, expect, it } from 'vitest';
import type { ChatMessenger, Messengers } from '../../src/domain/ports/chat.js';
import type { EventKey } from '../../src/domain/ticket-event.js';
import type { ChatPlatform, Ticket } from '../../src/domain/ticket.js';
import { fixedMessengers } from '../memory/messengers.js';
import { plannedDeliveries, reachOf } from '../../src/pipeline/chat/delivery/route-outcome.js';

const messenger = (platform: ChatPlatform, hasAgentsChannel: boolean) => ({ platform, hasAgentsChannel }) as ChatMessenger;
const messengers = (...list: ChatMessenger[]): Messengers => fixedMessengers(list);
const ticket = (chatPlatform: ChatPlatform | null, chatWorkspaceId: string | null = chatPlatform && 'W1') =>
  ({ id: 't1', chatPlatform, chatWorkspaceId }) as Ticket;
/** Where the ticket's changes go, then what is delivered there. */
const planned = async (t: Ticket, o: ReturnType<typeof outcome>, m: Messengers) => plannedDeliveries(t, o, await reachOf(t, m));
const outcome = (status: Ticket['status'], eventKey: EventKey = 'triaged') => ({ ticketId: 't1', status, eventKey });

describe('routing an outcome to chat', async () => {
  const slackWithAgents = messengers(messenger('SLACK', true));

  it('answers an automatic resolution in the customer’s conversation only', async () => {
    expect(await planned(ticket('SLACK'), outcome('AUTO_RESOLVED'), slackWithAgents)).toEqual([
      { kind: 'customer', ticketId: 't1', platform: 'SLACK', eventKey: 'triaged', status: 'AUTO_RESOLVED' },
    ]);
  });

  it('tells the customer about an escalation and posts it for agents', async () => {
    expect((await planned(ticket('SLACK'), outcome('ESCALATED'), slackWithAgents)).map((d) => d.kind)).toEqual(['customer', 'agents']);
  });

  it('keeps a claim between agents', async () => {
    expect((await planned(ticket('SLACK'), outcome('IN_PROGRESS', 'claimed'), slackWithAgents)).map((d) => d.kind)).toEqual(['agents']);
  });

  it('escalates an API ticket to the first platform with an agents’ channel, and tells no chat customer', async () => {
    const both = messengers(messenger('DISCORD', false), messenger('SLACK', true));
    expect(await reachOf(ticket(null), both)).toEqual({ customer: false, agentsPlatform: 'SLACK' });
    expect(await planned(ticket(null), outcome('ESCALATED'), both)).toEqual([
      { kind: 'agents', ticketId: 't1', platform: 'SLACK', eventKey: 'triaged' },
    ]);
  });

  it('delivers nothing for a platform that is not connected', async () => {
    expect(await planned(ticket('DISCORD'), outcome('AUTO_RESOLVED'), slackWithAgents)).toEqual([]);
    expect(await planned(ticket('SLACK'), outcome('ESCALATED'), messengers())).toEqual([]);
  });

  it('asks for the messenger of the ticket’s own workspace, and the platform’s default for a ticket from the API', async () => {
    const asked: [ChatPlatform, string | null][] = [];
    const perWorkspace: Messengers = {
      platforms: ['SLACK'],
      forWorkspace: async (platform, workspaceId) => {
        asked.push([platform, workspaceId]);
        // Workspace W2 has no agents' channel of its own; the default (null) has one.
        return messenger(platform, workspaceId !== 'W2');
      },
    };
    expect(await reachOf(ticket('SLACK', 'W1'), perWorkspace)).toEqual({ customer: true, agentsPlatform: 'SLACK' });
    expect(await reachOf(ticket('SLACK', 'W2'), perWorkspace)).toEqual({ customer: true, agentsPlatform: 'SLACK' });
    expect(asked).toEqual([
      ['SLACK', 'W1'],
      ['SLACK', 'W2'],
      ['SLACK', null],
    ]);
  });
});
