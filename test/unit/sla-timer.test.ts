import { describe, expect, it } from 'vitest';
import { parseCalendarConfig } from '../../src/sla/calendar-config.js';
import { ladderSchedule, nextLadderSteps } from '../../src/sla/ladder.js';
import { DEFAULT_LADDER, type LadderStepKey, type SlaTarget } from '../../src/sla/policy.js';
import { timerView, type TimerInput } from '../../src/sla/timer.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Berlin office, Monday to Friday 09:00-17:00 local; December is CET (UTC+1), so 09:00 local is 08:00Z.
const office = parseCalendarConfig({
  timeZone: 'Europe/Berlin',
  hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] },
  holidays: ['2026-12-08'],
});
const fourBusinessHours: SlaTarget = { minutes: 240, clock: 'business' };
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

function timer(now: string, options: Partial<TimerInput> = {}): TimerInput {
  return {
    target: fourBusinessHours,
    atRiskShare: 0.75,
    calendar: office,
    startedAt: at('2026-12-07T08:00:00Z'), // Monday 09:00 local
    pauses: [],
    now: at(now),
    ...options,
  };
}

describe('SLA timer', () => {
  it('runs, becomes at risk, then breached, at exact instants', () => {
    const running = timerView(timer('2026-12-07T09:00:00Z'));
    expect(running).toMatchObject({ state: 'running', elapsedMs: HOUR, remainingMs: 3 * HOUR, isBreached: false, isTicking: true });
    expect([iso(running.atRiskAt), iso(running.dueAt)]).toEqual(['2026-12-07T11:00:00.000Z', '2026-12-07T12:00:00.000Z']);
    expect(timerView(timer('2026-12-07T11:00:00Z')).state).toBe('at_risk');
    const breached = timerView(timer('2026-12-07T12:30:00Z'));
    expect(breached).toMatchObject({ state: 'breached', isBreached: true, overdueMs: 30 * MINUTE, remainingMs: 0 });
    // A restart recomputes the same schedule from the same history.
    expect([iso(breached.atRiskAt), iso(breached.dueAt)]).toEqual([iso(running.atRiskAt), iso(running.dueAt)]);
  });

  it('does not count time outside business hours, and skips the holiday', () => {
    const evening = timer('2026-12-07T19:00:00Z', { startedAt: at('2026-12-07T15:00:00Z') }); // Monday 16:00 local
    expect(timerView(evening)).toMatchObject({ state: 'running', elapsedMs: HOUR, isTicking: false });
    // One hour Monday, Tuesday 8 December is a holiday, three hours Wednesday → 12:00 local.
    expect(iso(timerView(evening).dueAt)).toBe('2026-12-09T11:00:00.000Z');
  });

  it('pauses while waiting on the customer and moves the due instant by the paused business time', () => {
    const pause = { from: at('2026-12-07T09:00:00Z'), to: at('2026-12-07T10:30:00Z') };
    const waiting = timerView(timer('2026-12-07T10:00:00Z', { pauses: [{ from: pause.from, to: null }] }));
    expect(waiting).toMatchObject({ state: 'paused', elapsedMs: HOUR, isTicking: false, atRiskAt: null, dueAt: null });
    const resumed = timerView(timer('2026-12-07T11:00:00Z', { pauses: [pause] }));
    expect(resumed).toMatchObject({ state: 'running', elapsedMs: 90 * MINUTE });
    expect(iso(resumed.dueAt)).toBe('2026-12-07T13:30:00.000Z');
  });

  it('ignores a wait that lies outside business hours', () => {
    const overnight = { from: at('2026-12-07T17:00:00Z'), to: at('2026-12-09T07:00:00Z') };
    const view = timerView(timer('2026-12-09T08:30:00Z', { startedAt: at('2026-12-07T14:00:00Z'), pauses: [overnight] }));
    expect(view.elapsedMs).toBe(2.5 * HOUR); // Monday 15:00-17:00 local, Tuesday a holiday, Wednesday 09:00-09:30
    expect(iso(view.dueAt)).toBe(iso(timerView(timer('2026-12-09T08:30:00Z', { startedAt: at('2026-12-07T14:00:00Z') })).dueAt));
  });

  it('merges overlapping waits and ignores ones before the start or after now', () => {
    const view = timerView(
      timer('2026-12-07T12:00:00Z', {
        pauses: [
          { from: at('2026-12-07T09:30:00Z'), to: at('2026-12-07T10:00:00Z') },
          { from: at('2026-12-07T07:00:00Z'), to: at('2026-12-07T08:30:00Z') },
          { from: at('2026-12-07T09:00:00Z'), to: at('2026-12-07T09:45:00Z') },
          { from: at('2026-12-07T13:00:00Z'), to: null },
        ],
      }),
    );
    expect(view.elapsedMs).toBe(4 * HOUR - 30 * MINUTE - 60 * MINUTE);
    expect(view.state).toBe('running');
  });

  it('is met when stopped before the due instant, and says so when stopped after it', () => {
    const met = timerView(timer('2026-12-07T15:00:00Z', { stoppedAt: at('2026-12-07T10:00:00Z') }));
    expect(met).toMatchObject({ state: 'met', isBreached: false, elapsedMs: 2 * HOUR, dueAt: null, isTicking: false });
    expect(iso(met.stoppedAt)).toBe('2026-12-07T10:00:00.000Z');
    const late = timerView(timer('2026-12-07T15:00:00Z', { stoppedAt: at('2026-12-07T13:00:00Z') }));
    expect(late).toMatchObject({ state: 'met', isBreached: true, overdueMs: HOUR });
    expect(iso(late.dueAt)).toBe('2026-12-07T12:00:00.000Z');
    const stoppedWhileWaiting = timerView(
      timer('2026-12-07T15:00:00Z', { pauses: [{ from: at('2026-12-07T09:00:00Z'), to: null }], stoppedAt: at('2026-12-07T10:00:00Z') }),
    );
    expect(stoppedWhileWaiting).toMatchObject({ state: 'met', elapsedMs: HOUR });
  });

  it('counts every minute for a calendar-time target', () => {
    const saturday = timer('2026-12-05T10:30:00Z', { target: { minutes: 60, clock: 'calendar' }, startedAt: at('2026-12-05T10:00:00Z') });
    const view = timerView(saturday);
    expect(view).toMatchObject({ state: 'running', elapsedMs: 30 * MINUTE, isTicking: true });
    expect([iso(view.atRiskAt), iso(view.dueAt)]).toEqual(['2026-12-05T10:45:00.000Z', '2026-12-05T11:00:00.000Z']);
  });
});

describe('escalation ladder', () => {
  const policy = { ladder: [...DEFAULT_LADDER] };
  const due = (now: string, fired: LadderStepKey[] = [], options: Partial<TimerInput> = {}) =>
    nextLadderSteps(policy, timerView(timer(now, options)), new Set(fired)).map((step) => step.key);

  it('fires the steps in order, each once', () => {
    expect(due('2026-12-07T10:59:00Z')).toEqual([]);
    expect(due('2026-12-07T11:00:00Z')).toEqual(['at_risk']);
    expect(due('2026-12-07T11:05:00Z', ['at_risk'])).toEqual([]);
    expect(due('2026-12-07T12:00:00Z', ['at_risk'])).toEqual(['breached']);
    expect(due('2026-12-07T12:10:00Z', ['at_risk', 'breached'])).toEqual([]);
    expect(due('2026-12-07T12:30:00Z', ['at_risk', 'breached'])).toEqual(['breached_for:30']);
    expect(due('2026-12-07T16:00:00Z', ['at_risk', 'breached', 'breached_for:30'])).toEqual([]);
  });

  it('returns every overdue step in order to a late job', () => {
    expect(due('2026-12-07T14:00:00Z')).toEqual(['at_risk', 'breached', 'breached_for:30']);
  });

  it('owes nothing while waiting on the customer or once stopped', () => {
    expect(due('2026-12-07T14:00:00Z', [], { pauses: [{ from: at('2026-12-07T13:00:00Z'), to: null }] })).toEqual([]);
    expect(due('2026-12-07T14:00:00Z', [], { stoppedAt: at('2026-12-07T13:00:00Z') })).toEqual([]);
  });

  it('counts "still breached for N minutes" on the target clock, past closing time', () => {
    // Due Monday 16:45 local: 15 minutes on Monday, the other 15 on Wednesday morning (Tuesday is a holiday).
    const schedule = ladderSchedule(policy, timer('2026-12-07T10:00:00Z', { startedAt: at('2026-12-07T11:45:00Z') }));
    expect(schedule.map((step) => [step.key, iso(step.dueAt)])).toEqual([
      ['at_risk', '2026-12-07T14:45:00.000Z'],
      ['breached', '2026-12-07T15:45:00.000Z'],
      ['breached_for:30', '2026-12-09T08:15:00.000Z'],
    ]);
  });
});
