// What agents do with an escalated ticket: claim it, hand it back, answer it. Over the in-memory
// ports (test/memory), so each spec reads what is stored, announced and refused.
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/ticket.js';
import type { StoredCandidate } from '../../src/domain/ports/learning.js';
import { claimTicket } from '../../src/pipeline/tickets/claim-ticket.js';
import { releaseTicket } from '../../src/pipeline/tickets/release-ticket.js';
import { resolveTicket } from '../../src/pipeline/tickets/resolve-ticket.js';
import { textKey } from '../../src/replies/answer-key.js';
import { aCustomer, aTicket, actorOf, anAgent, memoryDeps } from '../memory/index.js';

const NOW = new Date('2026-03-04T05:06:07.000Z');

async function setting() {
  const deps = memoryDeps();
  const agent = actorOf(await anAgent(deps, 'Alex Agent'));
  const other = actorOf(await anAgent(deps, 'Olive Other'));
  const admin = actorOf(await anAgent(deps, 'Ada Admin', 'ADMIN'));
  const customer = await aCustomer(deps);
  const escalated = await aTicket(deps, 'ESCALATED', { requesterId: customer.id });
  return { deps, agent, other, admin, customer: actorOf(customer), escalated };
}

const typesOf = async (deps: ReturnType<typeof memoryDeps>, ticketId: string) =>
  (await deps.tickets.listEvents(ticketId)).map((e) => e.type);

describe('claiming a ticket', () => {
  it('gives an escalated ticket to the agent who claims it, records who did, and tells chat so the agents’ post shows it', async () => {
    const { deps, agent, escalated } = await setting();
    const claimed = await claimTicket(deps, agent, escalated);
    expect(claimed).toMatchObject({ id: escalated.id, status: 'IN_PROGRESS', assigneeId: agent.userId });
    expect(await deps.tickets.findById(escalated.id)).toEqual(claimed);
    expect((await deps.tickets.listEvents(escalated.id)).at(-1)).toMatchObject({
      type: 'claimed',
      fromStatus: 'ESCALATED',
      toStatus: 'IN_PROGRESS',
      actorType: 'USER',
      actorId: agent.userId,
    });
    expect(deps.outcomes.published).toEqual([{ ticketId: escalated.id, status: 'IN_PROGRESS', eventKey: 'claimed' }]);
  });

  it('lets an admin claim too', async () => {
    const { deps, admin, escalated } = await setting();
    await expect(claimTicket(deps, admin, escalated)).resolves.toMatchObject({ assigneeId: admin.userId });
  });

  it('lets exactly one of two simultaneous claims win; the other is a conflict naming who has it', async () => {
    const { deps, agent, other, escalated } = await setting();
    const results = await Promise.allSettled([claimTicket(deps, agent, escalated), claimTicket(deps, other, escalated)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const holder = (await deps.tickets.findById(escalated.id))!.assigneeId;
    expect(lost[0]).toMatchObject({ code: 'conflict', details: { status: 'IN_PROGRESS', assigneeId: holder } });
    expect((await typesOf(deps, escalated.id)).filter((t) => t === 'claimed')).toHaveLength(1);
    expect(deps.outcomes.published).toHaveLength(1);
  });

  it('refuses a ticket someone already holds with a conflict naming them, changing nothing', async () => {
    const { deps, agent, other, escalated } = await setting();
    const claimed = await claimTicket(deps, agent, escalated);
    await expect(claimTicket(deps, other, claimed)).rejects.toMatchObject({ code: 'conflict', details: { assigneeId: agent.userId } });
    expect((await deps.tickets.findById(escalated.id))!.assigneeId).toBe(agent.userId);
  });

  it.each<[string, (s: Awaited<ReturnType<typeof setting>>) => Actor]>([
    ['the customer', (s) => s.customer],
    ['an integration key', () => ({ kind: 'api_key', apiKeyId: 'k1' })],
    ['Firstline itself', () => ({ kind: 'system' })],
  ])('forbids %s to claim, and nothing is stored or announced', async (_who, actorFor) => {
    const s = await setting();
    await expect(claimTicket(s.deps, actorFor(s), s.escalated)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await s.deps.tickets.findById(s.escalated.id)).toEqual(s.escalated);
    expect(s.deps.outcomes.published).toEqual([]);
  });

  it('refuses to claim a ticket that is not waiting for a person, as an illegal transition', async () => {
    const { deps, agent } = await setting();
    const answered = await aTicket(deps, 'AUTO_RESOLVED');
    await expect(claimTicket(deps, agent, answered)).rejects.toMatchObject({
      code: 'illegal_transition',
      details: { from: 'AUTO_RESOLVED', to: 'IN_PROGRESS' },
    });
  });

  it('keeps the claim when chat cannot be told, and logs why', async () => {
    const { deps, agent, escalated } = await setting();
    deps.outcomes.failWith(new Error('Redis is down'));
    await expect(claimTicket(deps, agent, escalated)).resolves.toMatchObject({ status: 'IN_PROGRESS' });
    expect((await deps.tickets.findById(escalated.id))!.status).toBe('IN_PROGRESS');
    expect(deps.logLines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'could not publish the outcome for delivery', ticketId: escalated.id }),
    );
  });
});

describe('releasing a ticket', () => {
  it('hands the ticket back to the queue unassigned, and tells chat (agents only)', async () => {
    const { deps, agent, escalated } = await setting();
    const claimed = await claimTicket(deps, agent, escalated);
    const released = await releaseTicket(deps, agent, claimed);
    expect(released).toMatchObject({ status: 'ESCALATED', assigneeId: null });
    expect((await deps.tickets.listEvents(escalated.id)).at(-1)).toMatchObject({
      type: 'released',
      fromStatus: 'IN_PROGRESS',
      toStatus: 'ESCALATED',
      actorId: agent.userId,
    });
    expect(deps.outcomes.published.at(-1)).toEqual({ ticketId: escalated.id, status: 'ESCALATED', eventKey: 'released' });
  });

  it('lets an admin release another agent’s claim, but not another agent', async () => {
    const { deps, agent, other, admin, escalated } = await setting();
    const claimed = await claimTicket(deps, agent, escalated);
    await expect(releaseTicket(deps, other, claimed)).rejects.toMatchObject({ code: 'conflict', details: { assigneeId: agent.userId } });
    expect((await deps.tickets.findById(escalated.id))!.status).toBe('IN_PROGRESS');
    await expect(releaseTicket(deps, admin, claimed)).resolves.toMatchObject({ status: 'ESCALATED', assigneeId: null });
  });

  it('forbids customers to release', async () => {
    const { deps, agent, customer, escalated } = await setting();
    const claimed = await claimTicket(deps, agent, escalated);
    await expect(releaseTicket(deps, customer, claimed)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses to release a ticket nobody claimed, and a claim released meanwhile is a conflict', async () => {
    const { deps, agent, escalated } = await setting();
    await expect(releaseTicket(deps, agent, escalated)).rejects.toMatchObject({ code: 'illegal_transition' });
    const claimed = await claimTicket(deps, agent, escalated);
    await releaseTicket(deps, agent, claimed);
    await expect(releaseTicket(deps, agent, claimed)).rejects.toMatchObject({
      code: 'conflict',
      details: { status: 'ESCALATED', assigneeId: null },
    });
    expect((await typesOf(deps, escalated.id)).filter((t) => t === 'released')).toHaveLength(1);
  });
});

describe('resolving a ticket', () => {
  const candidate = (words: string): StoredCandidate => ({
    rank: 0,
    kind: 'template',
    answerKey: 'template:t1',
    textKey: textKey(words),
    sourceId: 't1',
    features: {} as StoredCandidate['features'],
    confidence: 0.7,
    modelVersion: 'v1',
    sent: false,
  });

  it('claims an unclaimed escalation for the agent, then answers it: both steps in the audit trail, the answer announced and reusable', async () => {
    const { deps, agent, escalated } = await setting();
    const resolved = await resolveTicket(deps, agent, escalated, { response: 'Your refund is on its way.' }, NOW);
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      assigneeId: agent.userId,
      response: 'Your refund is on its way.',
      responseSource: 'AGENT',
      answerBasis: 'Your refund is on its way.',
      resolvedAt: NOW,
      firstResponseAt: NOW,
    });
    const events = await deps.tickets.listEvents(escalated.id);
    expect(events.slice(-2).map((e) => [e.type, e.toStatus, e.actorId])).toEqual([
      ['claimed', 'IN_PROGRESS', agent.userId],
      ['resolved', 'RESOLVED', agent.userId],
    ]);
    expect(deps.outcomes.published).toEqual([{ ticketId: escalated.id, status: 'RESOLVED', eventKey: 'resolved' }]);
    expect(deps.solutionChanges.notified).toEqual([escalated.id]);
  });

  it('learns only from an intent the agent gives: labelled and marked corrected when it differs from the guess', async () => {
    const { deps, agent } = await setting();
    const guessed = await aTicket(deps, 'ESCALATED', { patch: { intent: 'billing' } });
    await resolveTicket(deps, agent, guessed, { response: 'Done.', intent: '  Refund_Request ' }, NOW);
    expect(await deps.tickets.findById(guessed.id)).toMatchObject({ intent: 'refund_request', labelledIntent: 'refund_request' });
    expect((await deps.tickets.listEvents(guessed.id)).at(-1)!.data).toMatchObject({
      intent: 'refund_request',
      labelledIntent: 'refund_request',
      intentCorrected: true,
    });

    const unlabelled = await aTicket(deps, 'ESCALATED', { patch: { intent: 'billing' } });
    await resolveTicket(deps, agent, unlabelled, { response: 'Done.' }, NOW);
    expect(await deps.tickets.findById(unlabelled.id)).toMatchObject({ intent: 'billing', labelledIntent: null });
    expect((await deps.tickets.listEvents(unlabelled.id)).at(-1)!.data).toMatchObject({ labelledIntent: null, intentCorrected: false });
  });

  it('refuses an intent that breaks the naming rule before anything changes', async () => {
    const { deps, agent, escalated } = await setting();
    await expect(resolveTicket(deps, agent, escalated, { response: 'Done.', intent: 'Refund request!' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(await deps.tickets.findById(escalated.id)).toEqual(escalated);
    expect(deps.outcomes.published).toEqual([]);
  });

  it('records whether the agent sent the pipeline’s suggestion in the same words, and null when there was none', async () => {
    const { deps, agent } = await setting();
    const [same, edited, none] = [await aTicket(deps, 'ESCALATED'), await aTicket(deps, 'ESCALATED'), await aTicket(deps, 'ESCALATED')];
    await deps.candidates.save(same.id, [candidate('Reset it from Settings, then Security.')]);
    await deps.candidates.save(edited.id, [candidate('Reset it from Settings, then Security.')]);
    await resolveTicket(deps, agent, same, { response: 'reset it from settings then security' }, NOW);
    await resolveTicket(deps, agent, edited, { response: 'Call us and we will reset it.' }, NOW);
    await resolveTicket(deps, agent, none, { response: 'Anything.' }, NOW);
    const agreed = async (id: string) =>
      ((await deps.tickets.listEvents(id)).at(-1)!.data as { agreedWithSuggestion: unknown }).agreedWithSuggestion;
    expect([await agreed(same.id), await agreed(edited.id), await agreed(none.id)]).toEqual([true, false, null]);
  });

  it('keeps the time of the first answer, and vouches again for an answer that was demoted', async () => {
    const { deps, agent } = await setting();
    const firstAnswer = new Date('2026-01-01T00:00:00.000Z');
    const rejected = await aTicket(deps, 'ESCALATED', { patch: { firstResponseAt: firstAnswer, solutionDemotedAt: firstAnswer } });
    const resolved = await resolveTicket(deps, agent, rejected, { response: 'A better answer.' }, NOW);
    expect(resolved).toMatchObject({ firstResponseAt: firstAnswer, resolvedAt: NOW, solutionDemotedAt: null });
  });

  it('leaves a ticket another agent claimed to them: a conflict naming them; an admin may still answer it', async () => {
    const { deps, agent, other, admin, escalated } = await setting();
    const claimed = await claimTicket(deps, other, escalated);
    await expect(resolveTicket(deps, agent, claimed, { response: 'Mine now.' })).rejects.toMatchObject({
      code: 'conflict',
      details: { assigneeId: other.userId },
    });
    expect((await deps.tickets.findById(escalated.id))!.status).toBe('IN_PROGRESS');
    await expect(resolveTicket(deps, admin, claimed, { response: 'Admin answer.' })).resolves.toMatchObject({
      status: 'RESOLVED',
      assigneeId: other.userId,
    });
  });

  it('forbids customers to resolve, and refuses a ticket already resolved', async () => {
    const { deps, agent, customer, escalated } = await setting();
    await expect(resolveTicket(deps, customer, escalated, { response: 'Solved myself.' })).rejects.toMatchObject({ code: 'forbidden' });
    const resolved = await resolveTicket(deps, agent, escalated, { response: 'Done.' });
    await expect(resolveTicket(deps, agent, resolved, { response: 'Again.' })).rejects.toMatchObject({ code: 'illegal_transition' });
  });
});
