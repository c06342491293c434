// Emoji as commands (🎫 opens, ✅ resolves), over the in-memory ports (test/memory).
import { describe, expect, it } from 'vitest';
import { reactToMessage, type ReactedMessage, type Reaction } from '../../src/pipeline/chat/intake/react-to-message.js';
import { memoryDeps } from '../memory/index.js';

const dana = { platform: 'SLACK' as const, workspaceId: 'T1', platformUserId: 'U-DANA', displayName: 'Dana' };
const alex = { ...dana, platformUserId: 'U-ALEX', displayName: 'Alex' };

const onMessage = (fields: Partial<ReactedMessage> = {}): ReactedMessage => ({
  platform: 'SLACK',
  workspaceId: 'T1',
  channelId: 'C-HELP',
  messageId: '1700.000100',
  threadId: null,
  author: dana,
  text: 'Exports time out after 30 s',
  ...fields,
});

const reaction = (meaning: Reaction['meaning'], fields: Partial<Reaction> = {}): Reaction => ({
  meaning,
  who: alex,
  isAgent: async () => true,
  message: onMessage(),
  ...fields,
});

function setting() {
  return { ...memoryDeps(), maxMessageChars: 4000 };
}

describe('🎫', () => {
  it('opens a ticket for the message’s author, whoever reacted, threaded under the message', async () => {
    const deps = setting();
    const result = await reactToMessage(deps, reaction('open_ticket'));
    expect(result).toMatchObject({
      kind: 'opened',
      duplicate: false,
      ticket: { chatThreadId: '1700.000100', message: 'Exports time out after 30 s' },
    });
    const requester = await deps.users.findOrCreateChatUser(dana);
    expect(result.kind === 'opened' && result.ticket.requesterId).toBe(requester.id);
    expect(deps.queue.jobs).toHaveLength(1);
  });

  it('opens nothing more for a message already in a ticket’s conversation, a bot’s message or an empty one', async () => {
    const deps = setting();
    const first = await reactToMessage(deps, reaction('open_ticket'));
    const reply = onMessage({ messageId: '1700.000200', threadId: '1700.000100', text: 'Still failing' });
    expect(await reactToMessage(deps, reaction('open_ticket', { message: reply }))).toMatchObject({
      kind: 'opened',
      duplicate: true,
      ticket: { id: first.kind === 'opened' ? first.ticket.id : '' },
    });
    expect(await reactToMessage(deps, reaction('open_ticket', { message: onMessage({ messageId: 'B1', author: null }) }))).toEqual({
      kind: 'ignored',
    });
    expect(await reactToMessage(deps, reaction('open_ticket', { message: onMessage({ messageId: 'E1', text: '  ' }) }))).toEqual({
      kind: 'ignored',
    });
    expect((await deps.tickets.list({ limit: 10 })).items).toHaveLength(1);
  });

  it('refuses a message too long for a ticket', async () => {
    const deps = { ...setting(), maxMessageChars: 10 };
    expect(await reactToMessage(deps, reaction('open_ticket'))).toEqual({ kind: 'refused', why: 'too_long' });
  });
});

describe('✅', () => {
  async function escalated() {
    const deps = setting();
    const opened = await reactToMessage(deps, reaction('open_ticket'));
    if (opened.kind !== 'opened') throw new Error('expected a ticket');
    await deps.tickets.transition(opened.ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: { kind: 'system' } });
    return { deps, ticketId: opened.ticket.id };
  }

  it('resolves an escalated ticket with the newest reply an agent wrote in its thread, with the reacting agent as its assignee', async () => {
    const { deps, ticketId } = await escalated();
    const agent = await deps.users.findOrCreateChatUser(alex);
    await deps.messages.add({ ticketId, authorId: agent.id, direction: 'OUTBOUND', body: 'Looking now', externalId: '1700.3' });
    await deps.messages.add({ ticketId, authorId: agent.id, direction: 'OUTBOUND', body: 'Fixed: retry the export', externalId: '1700.4' });
    const result = await reactToMessage(
      deps,
      reaction('resolve', { message: onMessage({ messageId: '1700.4', threadId: '1700.000100' }) }),
    );
    expect(result).toMatchObject({
      kind: 'resolved',
      ticket: { status: 'RESOLVED', response: 'Fixed: retry the export', assigneeId: agent.id },
    });
  });

  it('refuses when nobody replied in the thread yet, or when the one reacting is not an agent', async () => {
    const { deps, ticketId } = await escalated();
    expect(await reactToMessage(deps, reaction('resolve'))).toEqual({ kind: 'refused', why: 'no_reply_in_thread' });
    expect(await reactToMessage(deps, reaction('resolve', { who: dana, isAgent: async () => false }))).toEqual({
      kind: 'refused',
      why: 'not_an_agent',
    });
    expect((await deps.tickets.findById(ticketId))?.status).toBe('ESCALATED');
  });

  it('closes an automatic answer that did the job, and ignores a message that is no ticket’s', async () => {
    const deps = setting();
    const opened = await reactToMessage(deps, reaction('open_ticket'));
    const ticketId = opened.kind === 'opened' ? opened.ticket.id : '';
    await deps.tickets.transition(
      ticketId,
      'OPEN',
      'AUTO_RESOLVED',
      { response: 'Retry it.' },
      { type: 'triaged', actor: { kind: 'system' } },
    );
    expect(await reactToMessage(deps, reaction('resolve'))).toMatchObject({ kind: 'closed', ticket: { status: 'CLOSED' } });
    expect(await reactToMessage(deps, reaction('resolve', { message: onMessage({ messageId: 'X1' }) }))).toEqual({ kind: 'ignored' });
  });

  it('finds the ticket from its agents’ post too, and waits while the pipeline has not decided', async () => {
    const deps = setting();
    const opened = await reactToMessage(deps, reaction('open_ticket'));
    const ticketId = opened.kind === 'opened' ? opened.ticket.id : '';
    await deps.posts.record({ ticketId, platform: 'SLACK', purpose: 'agents', channelId: 'C-AGENTS', messageId: 'P1' });
    const onPost = onMessage({ channelId: 'C-AGENTS', messageId: 'P1', author: null });
    expect(await reactToMessage(deps, reaction('resolve', { message: onPost }))).toEqual({ kind: 'refused', why: 'not_decided_yet' });
  });
});
