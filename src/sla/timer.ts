// An SLA timer's state, computed from its history alone: when it started, when it waited on the customer,
// whether and when it stopped, and now. Nothing is stored but that history, so a process that restarts
// recomputes the same state and the same instants, and delayed jobs are scheduled for `atRiskAt` and
// `dueAt` (exact, given no further pause) instead of polling.
//
// Elapsed time is counted on the target's clock: open business time of the calendar, or every
// millisecond for a calendar-time target; time waiting on the customer never counts.
import { addBusinessMillis, businessMillisBetween, isBusinessTime, type BusinessCalendar } from './business-calendar.js';
import type { SlaTarget } from './policy.js';

/** Waiting on the customer from `from` until `to` (null: still waiting). */
export interface PauseInterval {
  readonly from: Date;
  readonly to: Date | null;
}

export interface TimerInput {
  readonly target: SlaTarget;
  readonly atRiskShare: number;
  /** The calendar business-time targets count in (ignored for calendar-time targets). */
  readonly calendar: BusinessCalendar;
  readonly startedAt: Date;
  readonly pauses: readonly PauseInterval[];
  /** When the response or resolution came; null while the timer runs. */
  readonly stoppedAt?: Date | null;
  readonly now: Date;
}

export type TimerState = 'running' | 'at_risk' | 'breached' | 'met' | 'paused';

export interface TimerView {
  /** 'met' is any stopped timer; `isBreached` says whether it stopped too late. */
  readonly state: TimerState;
  /** Elapsed reached the target (before the stop, for a stopped timer). */
  readonly isBreached: boolean;
  /** Elapsed grows right now: running, not waiting on the customer, and inside business hours for a business target. */
  readonly isTicking: boolean;
  readonly targetMs: number;
  readonly atRiskMs: number;
  readonly elapsedMs: number;
  readonly remainingMs: number;
  readonly overdueMs: number;
  /** When elapsed reached or will reach the at-risk share; null while paused or when a stop came first. */
  readonly atRiskAt: Date | null;
  /** When elapsed reached or will reach the target; null while paused or when a stop came first. */
  readonly dueAt: Date | null;
  readonly stoppedAt: Date | null;
}

export function timerView(input: TimerInput): TimerView {
  const history = timerHistory(input);
  const targetMs = input.target.minutes * 60_000;
  const atRiskMs = Math.round(targetMs * input.atRiskShare);
  const elapsedMs = history.elapsedMs;
  const isBreached = elapsedMs >= targetMs;
  const state: TimerState = history.isStopped
    ? 'met'
    : history.isPaused
      ? 'paused'
      : isBreached
        ? 'breached'
        : elapsedMs >= atRiskMs
          ? 'at_risk'
          : 'running';
  const isRunning = !history.isStopped && !history.isPaused;
  return {
    state,
    isBreached,
    isTicking: isRunning && (input.target.clock === 'calendar' || isBusinessTime(input.calendar, input.now)),
    targetMs,
    atRiskMs,
    elapsedMs,
    remainingMs: Math.max(0, targetMs - elapsedMs),
    overdueMs: Math.max(0, elapsedMs - targetMs),
    atRiskAt: history.instantAt(atRiskMs),
    dueAt: history.instantAt(targetMs),
    stoppedAt: history.isStopped ? history.endAt : null,
  };
}

/** The instant elapsed time reached or will reach `elapsedMs` (given no further pause), or null if unknown or never. */
export function timerInstantAt(input: TimerInput, elapsedMs: number): Date | null {
  return timerHistory(input).instantAt(elapsedMs);
}

interface TimerHistory {
  readonly isStopped: boolean;
  readonly isPaused: boolean;
  /** The stop, or now. */
  readonly endAt: Date;
  readonly elapsedMs: number;
  instantAt(elapsedMs: number): Date | null;
}

function timerHistory(input: TimerInput): TimerHistory {
  const startMs = input.startedAt.getTime();
  const nowMs = Math.max(input.now.getTime(), startMs);
  const stopMs = input.stoppedAt ? input.stoppedAt.getTime() : null;
  const isStopped = stopMs !== null && stopMs <= nowMs;
  const endMs = isStopped ? Math.max(stopMs, startMs) : nowMs;
  const waits = mergedWaits(input.pauses, startMs, endMs, nowMs, isStopped);
  const isPaused = !isStopped && waits.some((wait) => wait.to === Infinity);

  // Stretches of counted time in order; the last is open-ended when the timer still runs.
  const segments: { from: number; to: number }[] = [];
  let cursor = startMs;
  for (const wait of waits) {
    if (wait.from > cursor) segments.push({ from: cursor, to: wait.from });
    cursor = wait.to;
  }
  if (cursor < endMs || (!isStopped && !isPaused)) segments.push({ from: cursor, to: isStopped ? endMs : Infinity });

  const clockIsBusiness = input.target.clock === 'business';
  const measure = (from: number, to: number) =>
    clockIsBusiness ? businessMillisBetween(input.calendar, new Date(from), new Date(to)) : to - from;
  const advance = (from: number, ms: number) =>
    clockIsBusiness ? addBusinessMillis(input.calendar, new Date(from), ms) : new Date(from + ms);

  const elapsedMs = segments.reduce((sum, segment) => sum + measure(segment.from, Math.min(segment.to, endMs)), 0);
  return {
    isStopped,
    isPaused,
    endAt: new Date(endMs),
    elapsedMs,
    instantAt(target) {
      let counted = 0;
      for (const segment of segments) {
        const length = segment.to === Infinity ? Infinity : measure(segment.from, segment.to);
        if (counted + length >= target) return advance(segment.from, Math.max(0, target - counted));
        counted += length;
      }
      return null;
    },
  };
}

/** Waits clipped to [start, end], sorted and merged; one still going at `now` runs to Infinity (to the stop, if stopped). */
function mergedWaits(
  pauses: readonly PauseInterval[],
  startMs: number,
  endMs: number,
  nowMs: number,
  isStopped: boolean,
): { from: number; to: number }[] {
  const clipped = pauses
    .map((pause) => {
      const rawTo = pause.to === null || pause.to.getTime() > nowMs ? Infinity : pause.to.getTime();
      return { from: Math.max(pause.from.getTime(), startMs), to: Math.min(rawTo, isStopped ? endMs : Infinity) };
    })
    .filter((wait) => wait.from < wait.to && wait.from <= endMs)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const wait of clipped) {
    const last = merged.at(-1);
    if (last && wait.from <= last.to) last.to = Math.max(last.to, wait.to);
    else merged.push({ ...wait });
  }
  return merged;
}
