// SLA timers in chat: the agents' post shows them, and an escalation step is told once in the thread
// of that post, mentioning the agent. Over the in-memory ports and a recording messenger (test/memory).
import { describe, expect, it } from 'vitest';
import type { SlaNoticeDelivery } from '../../src/domain/ports/chat.js';
import type { StoredSlaTimer } from '../../src/domain/ports/sla.js';
import { deliverToChat, PREREQUISITE_WAIT_MS, type DeliveryAttempt } from '../../src/pipeline/chat/delivery/deliver-to-chat.js';
import { buildAgentsPostView } from '../../src/pipeline/chat/wording/agents-post-view.js';
import { deliveryJobId, ZDeliveryJob } from '../../src/pipeline/jobs/job-contracts.js';
import { fixedMessengers } from '../memory/messengers.js';
import { anAgent, createRecordingMessenger, memoryDeps } from '../memory/index.js';

const FIRST: DeliveryAttempt = { ageMs: 0, retryingSince: null };
const system = { kind: 'system' } as const;
const DUE = new Date('2026-12-05T14:30:00Z');

const stored = (fields: Partial<StoredSlaTimer>): StoredSlaTimer => ({
  ticketId: '',
  metric: 'firstResponse',
  seq: 0,
  priority: 'P3',
  state: 'running',
  breached: false,
  targetMinutes: 60,
  startedAt: new Date('2026-12-05T13:30:00Z'),
  stoppedAt: null,
  atRiskAt: null,
  dueAt: DUE,
  nextCheckAt: null,
  firedSteps: [],
  updatedAt: new Date(),
  ...fields,
});

async function setting(timers: StoredSlaTimer[] = []) {
  const deps = memoryDeps();
  const slack = createRecordingMessenger({ platform: 'SLACK' });
  const sla = { listTimers: async () => timers };
  const deliver = { ...deps, messengers: fixedMessengers([slack]), sla };
  const casey = await deps.users.findOrCreateChatUser({
    platform: 'SLACK',
    workspaceId: 'T1',
    platformUserId: 'U-CASEY',
    displayName: 'Casey',
  });
  const ana = await deps.users.findOrCreateChatUser({ platform: 'SLACK', workspaceId: 'T1', platformUserId: 'U-ANA', displayName: 'Ana' });
  const created = await deps.tickets.create(
    {
      source: 'SLACK',
      requesterId: casey.id,
      message: 'I was charged twice',
      chat: { platform: 'SLACK', workspaceId: 'T1', channelId: 'D-CASEY', threadId: '1700.1', messageId: '1700.1' },
    },
    { type: 'created', actor: system },
  );
  await deps.tickets.transition(created.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: system });
  // Offered to Ana, as the offer planner records it (the memory ports have no assignment repository).
  deps.store.tickets.get(created.id)!.offeredToId = ana.id;
  const ticket = (await deps.tickets.findById(created.id))!;
  const agentsPost = () => deliverToChat(deliver, { kind: 'agents', ticketId: ticket.id, platform: 'SLACK', eventKey: 'triaged' }, FIRST);
  return { deps, deliver, slack, ticket, ana, agentsPost };
}

const notice = (ticketId: string, fields: Partial<SlaNoticeDelivery> = {}): SlaNoticeDelivery => ({
  kind: 'sla',
  ticketId,
  platform: 'SLACK',
  metric: 'firstResponse',
  seq: 0,
  stepKey: 'breached',
  stage: 'breached',
  minutesOver: 0,
  dueAt: DUE.toISOString(),
  mentionAssignee: true,
  onCallGroupId: 'S-ONCALL',
  ...fields,
});

describe('the SLA timers on the agents’ post', () => {
  it('shows first response, only the latest next response, and resolution, in that order', async () => {
    const { deps, deliver, ticket } = await setting([
      stored({ metric: 'resolution', dueAt: new Date('2026-12-07T10:00:00Z') }),
      stored({ metric: 'nextResponse', seq: 2, state: 'at_risk' }),
      stored({ metric: 'firstResponse', state: 'met', stoppedAt: DUE }),
      stored({ metric: 'nextResponse', seq: 1, state: 'met', breached: true, stoppedAt: DUE }),
    ]);
    const view = await buildAgentsPostView(deliver, ticket, 'SLACK');
    expect(view.slaTimers.map((t) => [t.metric, t.state])).toEqual([
      ['firstResponse', 'met'],
      ['nextResponse', 'at_risk'],
      ['resolution', 'running'],
    ]);
    expect(view.slaTimers[0]).toEqual({ metric: 'firstResponse', state: 'met', breached: false, dueAt: DUE, stoppedAt: DUE });
    // Without SLA wired, there are none.
    expect((await buildAgentsPostView(deps, ticket, 'SLACK')).slaTimers).toEqual([]);
  });

  it('are on the post the escalation makes', async () => {
    const { slack, agentsPost } = await setting([stored({ state: 'at_risk' })]);
    await agentsPost();
    expect(slack.postsOf('agents')[0]?.message.view.slaTimers).toEqual([
      { metric: 'firstResponse', state: 'at_risk', breached: false, dueAt: DUE, stoppedAt: null },
    ]);
  });
});

describe('an SLA escalation step in chat', () => {
  it('waits for the agents’ post, then tells the step in its thread, mentioning the agent offered it and the on-call group, once', async () => {
    const { deliver, slack, ticket, agentsPost } = await setting();
    expect(await deliverToChat(deliver, notice(ticket.id), { ageMs: 10, retryingSince: null })).toMatchObject({ kind: 'wait' });

    await agentsPost();
    expect(await deliverToChat(deliver, notice(ticket.id), { ageMs: 500, retryingSince: null })).toEqual({ kind: 'delivered' });
    expect(await deliverToChat(deliver, notice(ticket.id), { ageMs: 900, retryingSince: new Date() })).toEqual({
      kind: 'already_delivered',
    });
    const post = slack.postsOf('agents')[0]!;
    expect(slack.postsOf('sla')).toEqual([
      expect.objectContaining({
        channelId: 'C-AGENTS',
        threadId: post.messageId,
        key: `${ticket.id}:sla:firstResponse:0:breached`,
        message: {
          kind: 'sla',
          notice: {
            ticketNumber: ticket.number,
            metric: 'firstResponse',
            stage: 'breached',
            minutesOver: 0,
            dueAt: DUE,
            mention: { name: 'Ana', chatUserId: 'U-ANA' },
            onCallGroupId: 'S-ONCALL',
          },
        },
      }),
    ]);
  });

  it('tells each step of each timer on its own', async () => {
    const { deliver, slack, ticket, agentsPost } = await setting();
    await agentsPost();
    await deliverToChat(deliver, notice(ticket.id, { stepKey: 'at_risk', stage: 'at_risk' }), FIRST);
    await deliverToChat(deliver, notice(ticket.id), FIRST);
    await deliverToChat(deliver, notice(ticket.id, { stepKey: 'breached_for:30', stage: 'still_breached', minutesOver: 30 }), FIRST);
    await deliverToChat(deliver, notice(ticket.id, { metric: 'nextResponse', seq: 1 }), FIRST);
    expect(slack.postsOf('sla').map((p) => [p.message.notice.metric, p.message.notice.stage])).toEqual([
      ['firstResponse', 'at_risk'],
      ['firstResponse', 'breached'],
      ['firstResponse', 'still_breached'],
      ['nextResponse', 'breached'],
    ]);
  });

  it('mentions the agent who claimed it rather than the one it was offered to, and nobody when the step does not say so', async () => {
    const { deps, deliver, slack, ticket, agentsPost } = await setting();
    await agentsPost();
    const bo = await anAgent(deps, 'Bo');
    await deps.tickets.transition(ticket.id, 'ESCALATED', 'IN_PROGRESS', { assigneeId: bo.id }, { type: 'claimed', actor: system });
    await deliverToChat(deliver, notice(ticket.id, { stepKey: 'at_risk', stage: 'at_risk', onCallGroupId: null }), FIRST);
    await deliverToChat(deliver, notice(ticket.id, { mentionAssignee: false }), FIRST);
    expect(slack.postsOf('sla').map((p) => [p.message.notice.mention, p.message.notice.onCallGroupId])).toEqual([
      [{ name: 'Bo', chatUserId: null }, null],
      [null, 'S-ONCALL'],
    ]);
  });

  it('is skipped once the ticket was answered or its timer stopped, and after the wait when there is no agents’ post', async () => {
    const answered = await setting();
    await answered.agentsPost();
    await answered.deps.tickets.transition(
      answered.ticket.id,
      'ESCALATED',
      'RESOLVED',
      { response: 'Refunded.', responseSource: 'AGENT' },
      { type: 'resolved', actor: system },
    );
    expect(await deliverToChat(answered.deliver, notice(answered.ticket.id), FIRST)).toEqual({
      kind: 'skipped',
      reason: 'ticket_not_waiting',
    });

    const stopped = await setting([stored({ state: 'met', breached: true, stoppedAt: DUE })]);
    await stopped.agentsPost();
    expect(await deliverToChat(stopped.deliver, notice(stopped.ticket.id), FIRST)).toEqual({ kind: 'skipped', reason: 'timer_stopped' });

    const postless = await setting();
    expect(await deliverToChat(postless.deliver, notice(postless.ticket.id), { ageMs: PREREQUISITE_WAIT_MS, retryingSince: null })).toEqual(
      {
        kind: 'skipped',
        reason: 'no_agents_post',
      },
    );
    for (const s of [answered, stopped, postless]) expect(s.slack.postsOf('sla')).toEqual([]);
  });
});

describe('the SLA delivery job', () => {
  const ticketId = '00000000-0000-4000-8000-000000000001';

  it('is validated, and its id is unique per ticket, timer and step, without ":"', () => {
    const jobs = [
      notice(ticketId),
      notice(ticketId, { stepKey: 'at_risk' }),
      notice(ticketId, { stepKey: 'breached_for:30' }),
      notice(ticketId, { stepKey: 'breached_for:60' }),
      notice(ticketId, { seq: 1, metric: 'nextResponse' }),
      notice(ticketId, { seq: 2, metric: 'nextResponse' }),
      notice(ticketId, { metric: 'resolution' }),
      notice('00000000-0000-4000-8000-000000000002'),
    ];
    for (const job of jobs) expect(ZDeliveryJob.parse(job)).toEqual(job);
    const ids = jobs.map(deliveryJobId);
    expect(new Set(ids).size).toBe(jobs.length);
    for (const id of ids) expect(id).not.toContain(':');
    // The same step on another platform is the same notice.
    expect(deliveryJobId(notice(ticketId, { platform: 'DISCORD' }))).toBe(deliveryJobId(notice(ticketId)));
  });

  it('refuses a step key that is not a ladder step’s, and a due time that is not an instant', () => {
    expect(ZDeliveryJob.safeParse(notice(ticketId, { stepKey: 'breached-30' })).success).toBe(false);
    expect(ZDeliveryJob.safeParse(notice(ticketId, { stepKey: 'at_risk:x:1' })).success).toBe(false);
    expect(ZDeliveryJob.safeParse(notice(ticketId, { dueAt: 'tomorrow' })).success).toBe(false);
    expect(ZDeliveryJob.safeParse(notice(ticketId, { dueAt: null, minutesOver: null, onCallGroupId: null })).success).toBe(true);
  });
});
