// A customer rates an answer, over the API or with the buttons under it in chat. Over the in-memory
// ports (test/memory): what is stored, demoted, escalated and announced.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/ticket.js';
import { answerFeedbackFromChat } from '../../src/pipeline/chat/intake/chat-feedback.js';
import { recordFeedback } from '../../src/pipeline/tickets/record-feedback.js';
import { aCustomer, aTicket, actorOf, anAgent, memoryDeps } from '../memory/index.js';

const NOW = new Date('2026-03-04T05:06:07.000Z');

/** An automatic answer reused from an agent's earlier solution, to the customer who asked. */
async function setting() {
  const deps = memoryDeps();
  const agent = await anAgent(deps);
  const customer = await aCustomer(deps);
  const solution = await aTicket(deps, 'RESOLVED', { patch: { assigneeId: agent.id } });
  const answered = await aTicket(deps, 'AUTO_RESOLVED', {
    requesterId: customer.id,
    patch: { responseSource: 'SIMILAR_TICKET', matchedTicketId: solution.id, similarity: 0.93 },
  });
  return { deps, agent: actorOf(agent), customer: actorOf(customer), solution, answered };
}

describe('recording feedback', () => {
  it('stores the requester’s “helpful” under their name, in the audit trail, and makes the answer reusable', async () => {
    const { deps, customer, answered } = await setting();
    const saved = await recordFeedback(deps, customer, answered, { helpful: true, rating: 5, comment: 'Thanks!' }, NOW);
    expect(saved).toMatchObject({ ticketId: answered.id, userId: customer.userId, helpful: true, rating: 5, comment: 'Thanks!' });
    expect(await deps.feedback.listForTicket(answered.id)).toEqual([saved]);
    expect((await deps.tickets.listEvents(answered.id)).at(-1)).toMatchObject({
      type: 'feedback',
      actorType: 'USER',
      actorId: customer.userId,
      data: { helpful: true, rating: 5 },
    });
    expect(deps.solutionChanges.notified).toEqual([answered.id]);
    expect(deps.outcomes.published).toEqual([]);
    expect((await deps.tickets.findById(answered.id))!.status).toBe('AUTO_RESOLVED');
  });

  it('replaces an earlier rating, clearing the rating and comment a replacement leaves out', async () => {
    const { deps, customer, answered } = await setting();
    await recordFeedback(deps, customer, answered, { helpful: true, rating: 4, comment: 'ok' }, NOW);
    await recordFeedback(deps, customer, { ...answered, status: 'CLOSED' }, { helpful: true }, NOW);
    const stored = await deps.feedback.listForTicket(answered.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ helpful: true, rating: null, comment: null });
  });

  it('sends an automatic answer the customer rejects to a person, and stops reusing it and the solution it came from', async () => {
    const { deps, customer, solution, answered } = await setting();
    await recordFeedback(deps, customer, answered, { helpful: false }, NOW);
    expect(await deps.tickets.findById(answered.id)).toMatchObject({
      status: 'ESCALATED',
      escalationReason: 'customer_rejected',
      solutionDemotedAt: NOW,
    });
    expect((await deps.tickets.findById(solution.id))!.solutionDemotedAt).toEqual(NOW);
    const events = await deps.tickets.listEvents(answered.id);
    expect(events.slice(-3).map((e) => [e.type, e.toStatus])).toEqual([
      ['feedback', null],
      ['solution_demoted', null],
      ['escalated', 'ESCALATED'],
    ]);
    expect(events.at(-1)!.data).toEqual({ reason: 'customer_rejected' });
    expect((await deps.tickets.listEvents(solution.id)).at(-1)).toMatchObject({
      type: 'solution_demoted',
      data: { becauseOf: answered.id },
    });
    expect(deps.outcomes.published).toEqual([{ ticketId: answered.id, status: 'ESCALATED', eventKey: 'rejected' }]);
    expect(deps.solutionChanges.notified).toEqual([answered.id, solution.id]);
  });

  it('demotes an agent’s answer rated not helpful without escalating it again', async () => {
    const { deps, agent } = await setting();
    const customer = await aCustomer(deps);
    const resolved = await aTicket(deps, 'RESOLVED', { requesterId: customer.id, patch: { assigneeId: agent.userId } });
    await recordFeedback(deps, actorOf(customer), resolved, { helpful: false }, NOW);
    expect(await deps.tickets.findById(resolved.id)).toMatchObject({ status: 'RESOLVED', solutionDemotedAt: NOW });
    expect(deps.outcomes.published).toEqual([]);
    expect(deps.solutionChanges.notified).toEqual([resolved.id]);
  });

  it('takes nothing back from a ticket that changed meanwhile, but keeps the rating', async () => {
    const { deps, customer, answered } = await setting();
    await deps.tickets.transition(answered.id, 'AUTO_RESOLVED', 'CLOSED', {}, { type: 'closed', actor: customer });
    await recordFeedback(deps, customer, answered, { helpful: false }, NOW);
    expect((await deps.tickets.findById(answered.id))!.status).toBe('CLOSED');
    expect(await deps.feedback.listForTicket(answered.id)).toHaveLength(1);
    expect(deps.outcomes.published).toEqual([]);
  });

  it('takes the rating of the integration that opened the ticket as its customer’s, recorded under the key', async () => {
    const deps = memoryDeps();
    const customer = await deps.users.findOrCreateIntegrationCustomer('key-1', { email: 'pat@example.com' });
    const answered = await aTicket(deps, 'AUTO_RESOLVED', { requesterId: customer.id, input: { apiKeyId: 'key-1' } });
    const saved = await recordFeedback(deps, { kind: 'api_key', apiKeyId: 'key-1' }, answered, { helpful: true }, NOW);
    expect(saved.userId).toBe(customer.id);
    expect((await deps.tickets.listEvents(answered.id)).at(-1)).toMatchObject({ type: 'feedback', actorType: 'API_KEY', actorId: 'key-1' });
  });

  it.each<[string, (s: Awaited<ReturnType<typeof setting>>) => Actor]>([
    ['an agent', (s) => s.agent],
    ['another key', () => ({ kind: 'api_key', apiKeyId: 'other-key' })],
    ['Firstline itself', () => ({ kind: 'system' })],
  ])('forbids %s to rate the customer’s answer, storing nothing', async (_who, actorFor) => {
    const s = await setting();
    await expect(recordFeedback(s.deps, actorFor(s), s.answered, { helpful: false }, NOW)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await s.deps.feedback.listForTicket(s.answered.id)).toEqual([]);
    expect((await s.deps.tickets.findById(s.answered.id))!.status).toBe('AUTO_RESOLVED');
  });

  it('refuses feedback on a ticket not answered yet with a conflict giving its status', async () => {
    const deps = memoryDeps();
    const customer = await aCustomer(deps);
    const waiting = await aTicket(deps, 'ESCALATED', { requesterId: customer.id });
    await expect(recordFeedback(deps, actorOf(customer), waiting, { helpful: true })).rejects.toMatchObject({
      code: 'conflict',
      details: { status: 'ESCALATED' },
    });
    expect(await deps.feedback.listForTicket(waiting.id)).toEqual([]);
  });
});

describe('the feedback buttons in chat', () => {
  it('“That solved it” records helpful feedback and closes the ticket', async () => {
    const { deps, customer, answered } = await setting();
    const after = await answerFeedbackFromChat(deps, customer, answered, true);
    expect(after).toMatchObject({ id: answered.id, status: 'CLOSED' });
    expect(after.closedAt).toBeInstanceOf(Date);
    expect(await deps.feedback.listForTicket(answered.id)).toEqual([expect.objectContaining({ helpful: true })]);
    expect((await deps.tickets.listEvents(answered.id)).map((e) => e.type).slice(-2)).toEqual(['feedback', 'closed']);
  });

  it('a second click on “That solved it” keeps the feedback and the closed ticket, without an error', async () => {
    const { deps, customer, answered } = await setting();
    await answerFeedbackFromChat(deps, customer, answered, true);
    await expect(answerFeedbackFromChat(deps, customer, answered, true)).resolves.toMatchObject({ status: 'CLOSED' });
    expect(await deps.feedback.listForTicket(answered.id)).toHaveLength(1);
    expect((await deps.tickets.listEvents(answered.id)).filter((e) => e.type === 'closed')).toHaveLength(1);
  });

  it('“I still need help” sends the ticket to a person and returns it escalated', async () => {
    const { deps, customer, answered } = await setting();
    const after = await answerFeedbackFromChat(deps, customer, answered, false);
    expect(after).toMatchObject({ status: 'ESCALATED', escalationReason: 'customer_rejected' });
    expect(deps.outcomes.published).toEqual([{ ticketId: answered.id, status: 'ESCALATED', eventKey: 'rejected' }]);
  });

  it('refuses a click by anyone but the person who asked', async () => {
    const { deps, answered } = await setting();
    const stranger = actorOf(await aCustomer(deps, 'Sam Stranger'));
    await expect(answerFeedbackFromChat(deps, stranger, answered, true)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await deps.tickets.findById(answered.id))!.status).toBe('AUTO_RESOLVED');
  });
});
