// Where a ticket's timers stand now under its policy: each timer's state, the escalation steps it owes
// (not yet taken), and when it next needs a look. The caller stores the result, takes the steps, and
// schedules one delayed check at `nextCheckAt`: exact instants, no polling.
import type { BusinessCalendar } from './business-calendar.js';
import { ladderSchedule, nextLadderSteps, type DueLadderStep } from './ladder.js';
import type { LadderStepKey, SlaMetric, SlaPolicy, SlaTarget } from './policy.js';
import { timerView, type TimerInput, type TimerView } from './timer.js';
import type { TimerSpan } from './ticket-timers.js';

export interface EvaluatedTimer {
  readonly metric: SlaMetric;
  readonly seq: number;
  readonly startedAt: Date;
  readonly target: SlaTarget;
  readonly view: TimerView;
  /** Steps due now that were not taken yet, in ladder order. */
  readonly dueSteps: readonly DueLadderStep[];
  /** The next instant its state changes or a step comes due (given no further pause); null when none will. */
  readonly nextCheckAt: Date | null;
}

export interface EvaluateInput {
  readonly spans: readonly TimerSpan[];
  readonly policy: SlaPolicy;
  readonly calendar: BusinessCalendar;
  readonly now: Date;
  /** Steps already taken, by timer (`timerKey`). */
  readonly fired: ReadonlyMap<string, ReadonlySet<LadderStepKey>>;
}

/** A timer's identity within its ticket. */
export const timerKey = (metric: SlaMetric, seq: number): string => `${metric}:${seq}`;

/** The timers the policy has targets for; a metric without a target is not tracked. */
export function evaluateTimers(input: EvaluateInput): EvaluatedTimer[] {
  const evaluated: EvaluatedTimer[] = [];
  for (const span of input.spans) {
    const target = input.policy.targets[span.metric];
    if (!target) continue;
    const timer: TimerInput = {
      target,
      atRiskShare: input.policy.atRiskShare,
      calendar: input.calendar,
      startedAt: span.startedAt,
      pauses: span.pauses,
      stoppedAt: span.stoppedAt,
      now: input.now,
    };
    const view = timerView(timer);
    const fired = input.fired.get(timerKey(span.metric, span.seq)) ?? new Set<LadderStepKey>();
    evaluated.push({
      metric: span.metric,
      seq: span.seq,
      startedAt: span.startedAt,
      target,
      view,
      dueSteps: nextLadderSteps(input.policy, view, fired),
      nextCheckAt: nextCheck(input, timer, view),
    });
  }
  return evaluated;
}

/** The earliest of all timers' next checks. */
export function earliestCheck(timers: readonly EvaluatedTimer[]): Date | null {
  let earliest: Date | null = null;
  for (const timer of timers) if (timer.nextCheckAt && (!earliest || timer.nextCheckAt < earliest)) earliest = timer.nextCheckAt;
  return earliest;
}

function nextCheck(input: EvaluateInput, timer: TimerInput, view: TimerView): Date | null {
  if (view.state === 'met' || view.state === 'paused') return null;
  const nowMs = input.now.getTime();
  const instants = [view.atRiskAt, view.dueAt, ...ladderSchedule(input.policy, timer).map((step) => step.dueAt)];
  let next: Date | null = null;
  for (const instant of instants) if (instant && instant.getTime() > nowMs && (!next || instant < next)) next = instant;
  return next;
}
