// A customer edits or deletes a chat message after writing it, over the in-memory ports (test/memory).
import { describe, expect, it } from 'vitest';
import { deleteChatMessage, editChatMessage } from '../../src/pipeline/chat/intake/edit-chat-message.js';
import { receiveChatMessage, type InboundChatMessage } from '../../src/pipeline/chat/intake/receive-chat-message.js';
import { memoryDeps } from '../memory/index.js';

const dana = { platform: 'SLACK' as const, workspaceId: 'T1', platformUserId: 'U-DANA', displayName: 'Dana' };

const written = (fields: Partial<InboundChatMessage> = {}): InboundChatMessage => ({
  who: dana,
  text: 'Exports time out',
  platform: 'SLACK',
  workspaceId: 'T1',
  channelId: 'C-HELP',
  messageId: '1700.000100',
  threadId: null,
  addressedToBot: false,
  inAgentsChannel: false,
  author: { isExternal: true, isAgent: async () => false },
  ...fields,
});

async function setting() {
  const deps = { ...memoryDeps(), isChatter: (text: string) => /^(hi|hello)\b/i.test(text) && !text.includes('export') };
  await deps.supportChannels.save({ platform: 'SLACK', workspaceId: 'T1', channelId: 'C-HELP', audience: 'EXTERNAL', enabledById: null });
  return deps;
}

async function escalatedTicket() {
  const deps = await setting();
  const opened = await receiveChatMessage(deps, written());
  if (opened.kind !== 'opened') throw new Error('expected a ticket');
  await deps.tickets.transition(opened.ticket.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: { kind: 'system' } });
  return { deps, ticketId: opened.ticket.id };
}

describe('an edit', () => {
  it('of the message a ticket came from becomes its text, keeps the old one in the audit trail, and reaches the agents once', async () => {
    const { deps, ticketId } = await escalatedTicket();
    const edit = written({ text: 'Exports of more than 10k rows time out' });
    expect(await editChatMessage(deps, edit, '1700.000500')).toMatchObject({
      kind: 'edited',
      relayed: true,
      ticket: { message: 'Exports of more than 10k rows time out' },
    });
    expect(await editChatMessage(deps, edit, '1700.000500')).toEqual({ kind: 'ignored' });
    const events = await deps.tickets.listEvents(ticketId);
    expect(events.at(-1)).toMatchObject({ type: 'message_edited', data: { previous: 'Exports time out' } });
    expect(deps.deliveries.jobs.map((j) => j.delivery.kind)).toEqual(['relay']);
    expect(await deps.messages.listForTicket(ticketId)).toEqual([
      expect.objectContaining({ direction: 'INBOUND', body: 'Edited their request: Exports of more than 10k rows time out' }),
    ]);
  });

  it('of a support channel’s greeting into a request opens the ticket then, under the original message', async () => {
    const deps = await setting();
    expect(await receiveChatMessage(deps, written({ text: 'hi all' }))).toEqual({ kind: 'ignored', reason: 'not_a_request' });
    const result = await editChatMessage(deps, written({ text: 'hi all, our exports time out' }), '1700.000600');
    expect(result).toMatchObject({ kind: 'opened', ticket: { chatMessageId: '1700.000100', chatThreadId: '1700.000100' } });
  });

  it('of a reply in a ticket’s thread is a follow-up again, stored under the edit’s own id', async () => {
    const { deps, ticketId } = await escalatedTicket();
    await receiveChatMessage(deps, written({ text: 'It fails on CSV', messageId: '1700.000200', threadId: '1700.000100' }));
    const result = await editChatMessage(
      deps,
      written({ text: 'It fails on CSV and XLSX', messageId: '1700.000200', threadId: '1700.000100' }),
      '1700.000700',
    );
    expect(result).toMatchObject({ kind: 'follow_up', ticket: { id: ticketId } });
    expect((await deps.messages.listForTicket(ticketId)).map((m) => [m.body, m.externalId])).toEqual([
      ['It fails on CSV', '1700.000200'],
      ['It fails on CSV and XLSX', '1700.000200:edit:1700.000700'],
    ]);
  });

  it('keeps the text an automatic answer went out for, and records the edit beside it', async () => {
    const deps = await setting();
    const opened = await receiveChatMessage(deps, written());
    const ticketId = opened.kind === 'opened' ? opened.ticket.id : '';
    await deps.tickets.transition(
      ticketId,
      'OPEN',
      'AUTO_RESOLVED',
      { response: 'Retry.' },
      { type: 'triaged', actor: { kind: 'system' } },
    );
    expect(await editChatMessage(deps, written({ text: 'Exports of PDFs time out' }), '1700.000900')).toMatchObject({
      kind: 'edited',
      ticket: { message: 'Exports time out' },
    });
    expect((await deps.tickets.listEvents(ticketId)).at(-1)).toMatchObject({
      type: 'message_edited',
      data: { previous: 'Exports time out', text: 'Exports of PDFs time out', answeredBefore: true },
    });
    expect(await deps.messages.listForTicket(ticketId)).toEqual([
      expect.objectContaining({ body: 'Edited their request: Exports of PDFs time out' }),
    ]);
  });

  it('changes nothing once the ticket is resolved', async () => {
    const deps = await setting();
    const opened = await receiveChatMessage(deps, written());
    const ticketId = opened.kind === 'opened' ? opened.ticket.id : '';
    await deps.tickets.transition(
      ticketId,
      'OPEN',
      'AUTO_RESOLVED',
      { response: 'Retry.' },
      { type: 'triaged', actor: { kind: 'system' } },
    );
    await deps.tickets.transition(ticketId, 'AUTO_RESOLVED', 'CLOSED', {}, { type: 'closed', actor: { kind: 'system' } });
    expect(await editChatMessage(deps, written({ text: 'Something else' }), '1700.000800')).toEqual({ kind: 'ignored' });
    expect((await deps.tickets.findById(ticketId))?.message).toBe('Exports time out');
  });
});

describe('a deletion', () => {
  it('of the message a ticket came from is recorded and told to the agents on it, once', async () => {
    const { deps, ticketId } = await escalatedTicket();
    const where = { platform: 'SLACK' as const, channelId: 'C-HELP', messageId: '1700.000100' };
    expect(await deleteChatMessage(deps, where)).toMatchObject({ kind: 'deleted', relayed: true });
    expect(await deleteChatMessage(deps, where)).toEqual({ kind: 'ignored' });
    expect((await deps.tickets.listEvents(ticketId)).filter((e) => e.type === 'message_deleted')).toHaveLength(1);
    expect(deps.deliveries.jobs).toHaveLength(1);
  });

  it('of any other message changes nothing', async () => {
    const deps = await setting();
    expect(await deleteChatMessage(deps, { platform: 'SLACK', channelId: 'C-HELP', messageId: '1700.9' })).toEqual({ kind: 'ignored' });
  });
});
