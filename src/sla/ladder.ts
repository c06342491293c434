// Which escalation steps a timer owes now, each once. The caller keeps, per timer, the keys of the steps
// already fired (e.g. in the delayed job's id or beside the ticket), so a job that runs twice, or a
// restart that schedules again, does nothing twice.
import { ladderStepKey, type LadderStep, type LadderStepKey, type SlaPolicy } from './policy.js';
import { timerInstantAt, timerView, type TimerInput, type TimerView } from './timer.js';

export interface DueLadderStep {
  readonly key: LadderStepKey;
  readonly step: LadderStep;
}

/**
 * Steps due now and not yet fired, in ladder order (at risk, breached, breached_for by minutes). A late
 * job may find several due at once; all are returned. A stopped or paused timer owes nothing.
 */
export function nextLadderSteps(
  policy: Pick<SlaPolicy, 'ladder'>,
  timer: TimerView,
  alreadyFired: ReadonlySet<LadderStepKey>,
): DueLadderStep[] {
  if (timer.state === 'met' || timer.state === 'paused') return [];
  return policy.ladder
    .filter((step) => isDue(step, timer))
    .map((step) => ({ key: ladderStepKey(step.on), step }))
    .filter((due) => !alreadyFired.has(due.key));
}

/** Each step with the instant it comes due (given no further pause), for scheduling delayed jobs; null while paused or stopped first. */
export function ladderSchedule(
  policy: Pick<SlaPolicy, 'ladder'>,
  input: TimerInput,
): { key: LadderStepKey; step: LadderStep; dueAt: Date | null }[] {
  const view = timerView(input);
  return policy.ladder.map((step) => ({ key: ladderStepKey(step.on), step, dueAt: timerInstantAt(input, elapsedWhenDue(step, view)) }));
}

function elapsedWhenDue(step: LadderStep, timer: TimerView): number {
  switch (step.on.kind) {
    case 'at_risk':
      return timer.atRiskMs;
    case 'breached':
      return timer.targetMs;
    case 'breached_for':
      return timer.targetMs + step.on.minutes * 60_000;
  }
}

function isDue(step: LadderStep, timer: TimerView): boolean {
  return timer.elapsedMs >= elapsedWhenDue(step, timer);
}
