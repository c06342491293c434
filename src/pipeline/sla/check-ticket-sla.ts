// One look at a ticket's SLA timers: after each change to it, and at the instants its timers were due
// to change (delayed jobs, see SlaScheduler). The timers are derived again from the ticket's history,
// stored, and the escalation steps that came due are taken, each once: a step is claimed in the
// database before its actions run, so two looks at the same moment (two processes, a retried job)
// cannot both take it, and stays "in flight" there until its actions are handed to their queues, so
// a process that dies in between does not lose it (retake-steps.ts takes it again). Then the next
// look is scheduled at the earliest instant anything changes.
import type { Logger } from 'pino';
import type { OutcomePublisher } from '../../domain/ports/tickets.js';
import type {
  LadderStepTaken,
  SlaNotice,
  SlaRepository,
  SlaScheduler,
  SlaTicket,
  SlaTimerRecord,
  StoredSlaTimer,
} from '../../domain/ports/sla.js';
import { slaKey } from '../../domain/ticket-event.js';
import type { TicketStatus } from '../../domain/ticket.js';
import { earliestCheck, evaluateTimers, timerKey, type EvaluatedTimer } from '../../sla/evaluate-timers.js';
import type { DueLadderStep } from '../../sla/ladder.js';
import type { LadderStepKey, LadderTrigger } from '../../sla/policy.js';
import { slaScope, type SlaSettings } from '../../sla/sla-settings.js';
import { timerSpans } from '../../sla/ticket-timers.js';
import type { LadderActions } from './ladder-actions.js';

export interface CheckSlaDeps {
  sla: SlaRepository;
  settings: SlaSettings;
  scheduler: SlaScheduler;
  /** Tells chat that the agents' post must show a changed state. */
  outcomes: OutcomePublisher;
  ladder: LadderActions;
  now: () => Date;
  log: Pick<Logger, 'info' | 'error'>;
}

export type CheckResult =
  { kind: 'not_found' } | { kind: 'no_policy' } | { kind: 'checked'; changed: boolean; stepsTaken: number; nextCheckAt: Date | null };

/** Statuses whose agents' post exists and shows the timers. */
const SHOWN_TO_AGENTS: readonly TicketStatus[] = ['ESCALATED', 'IN_PROGRESS', 'RESOLVED'];

export async function checkTicketSla(deps: CheckSlaDeps, ticketId: string): Promise<CheckResult> {
  const loaded = await deps.sla.loadTicket(ticketId);
  if (!loaded) return { kind: 'not_found' };
  const { ticket, history } = loaded;
  const policy = deps.settings.policyFor(ticket.priority, slaScope(ticket.chatPlatform, ticket.chatWorkspaceId));
  if (!policy) return { kind: 'no_policy' };

  const stored = await deps.sla.listTimers(ticketId);
  const now = deps.now();
  const timers = evaluateTimers({
    spans: timerSpans(history),
    policy,
    calendar: deps.settings.calendarOf(policy),
    now,
    fired: firedByTimer(stored),
  });
  await deps.sla.saveTimers(
    ticketId,
    timers.map((timer) => recordOf(timer, ticket)),
  );

  let stepsTaken = 0;
  for (const timer of timers) {
    for (const due of timer.dueSteps) {
      const step = stepOf(timer, due, now);
      if (!(await deps.sla.claimStep(ticketId, step))) continue;
      stepsTaken += 1;
      await takeStep(deps, ticket, step);
    }
  }

  const changed = hasStateChanged(stored, timers);
  if (changed && SHOWN_TO_AGENTS.includes(ticket.status)) {
    await deps.outcomes.publish({ ticketId, status: ticket.status, eventKey: slaKey(now.getTime().toString(36)) });
  }
  const nextCheckAt = earliestCheck(timers);
  if (nextCheckAt) await deps.scheduler.checkAt(ticketId, nextCheckAt);
  return { kind: 'checked', changed, stepsTaken, nextCheckAt };
}

function stepOf(timer: EvaluatedTimer, due: DueLadderStep, now: Date): LadderStepTaken {
  return {
    metric: timer.metric,
    seq: timer.seq,
    stepKey: due.key,
    stage: stageOf(due.step.on),
    actions: due.step.actions,
    dueAt: timer.view.dueAt,
    overdueMinutes: Math.floor(timer.view.overdueMs / 60_000),
    at: now,
  };
}

/** Hands a claimed step's actions to their queues, then marks it no longer in flight. */
export async function takeStep(
  deps: Pick<CheckSlaDeps, 'sla' | 'ladder' | 'log'>,
  ticket: SlaTicket,
  step: LadderStepTaken,
): Promise<void> {
  deps.log.info(
    {
      ticketId: ticket.id,
      metric: step.metric,
      seq: step.seq,
      step: step.stepKey,
      actions: step.actions,
      overdueMinutes: step.overdueMinutes,
    },
    'SLA escalation step',
  );
  await deps.ladder.take(ticket, step);
  await deps.sla.finishStep(ticket.id, step);
}

function recordOf(timer: EvaluatedTimer, ticket: SlaTicket): SlaTimerRecord {
  return {
    metric: timer.metric,
    seq: timer.seq,
    priority: ticket.priority,
    state: timer.view.state,
    breached: timer.view.isBreached,
    targetMinutes: timer.target.minutes,
    startedAt: timer.startedAt,
    stoppedAt: timer.view.stoppedAt,
    atRiskAt: timer.view.atRiskAt,
    dueAt: timer.view.dueAt,
    nextCheckAt: timer.nextCheckAt,
  };
}

function stageOf(trigger: LadderTrigger): SlaNotice['stage'] {
  switch (trigger.kind) {
    case 'at_risk':
      return 'at_risk';
    case 'breached':
      return 'breached';
    case 'breached_for':
      return 'still_breached';
  }
}

function firedByTimer(stored: readonly StoredSlaTimer[]): Map<string, Set<LadderStepKey>> {
  return new Map(stored.map((timer) => [timerKey(timer.metric, timer.seq), new Set(timer.firedSteps)]));
}

function hasStateChanged(stored: readonly StoredSlaTimer[], timers: readonly EvaluatedTimer[]): boolean {
  const before = new Map(stored.map((timer) => [timerKey(timer.metric, timer.seq), timer]));
  return timers.some((timer) => {
    const previous = before.get(timerKey(timer.metric, timer.seq));
    return !previous || previous.state !== timer.view.state || previous.breached !== timer.view.isBreached;
  });
}
