// A ticket's SLA timers, derived from its conversation and checked on a fake clock (pure).
import { describe, expect, it } from 'vitest';
import { parseCalendarConfig } from '../../src/sla/calendar-config.js';
import { earliestCheck, evaluateTimers, timerKey, type EvaluatedTimer } from '../../src/sla/evaluate-timers.js';
import { ZSlaPolicy, type LadderStepKey } from '../../src/sla/policy.js';
import { timerSpans, type ConversationEntry, type SlaHistory } from '../../src/sla/ticket-timers.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
// Berlin office, Monday to Friday 09:00-17:00 local (08:00-16:00Z in December); Tuesday 8 December is a holiday.
const office = parseCalendarConfig({
  timeZone: 'Europe/Berlin',
  hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] },
  holidays: ['2026-12-08'],
});
const policy = ZSlaPolicy.parse({
  targets: {
    firstResponse: { minutes: 60, clock: 'business' },
    nextResponse: { minutes: 120, clock: 'business' },
    resolution: { minutes: 480, clock: 'business' },
  },
});
const customer = (time: string): ConversationEntry => ({ at: at(time), from: 'customer' });
const agent = (time: string): ConversationEntry => ({ at: at(time), from: 'agent' });
const MONDAY_9 = '2026-12-07T08:00:00Z';

function check(history: SlaHistory, now: string, fired = new Map<string, Set<LadderStepKey>>()): EvaluatedTimer[] {
  return evaluateTimers({ spans: timerSpans(history), policy, calendar: office, now: at(now), fired });
}
const byKey = (timers: EvaluatedTimer[]) => new Map(timers.map((t) => [timerKey(t.metric, t.seq), t]));

describe('a ticket’s SLA timers', () => {
  it('has none until it reaches a person', () => {
    expect(timerSpans({ startedAt: null, conversation: [customer(MONDAY_9)], endedAt: null })).toEqual([]);
  });

  it('starts first response and resolution when it reaches a person; first response stops at the first agent response', () => {
    const history = { startedAt: at(MONDAY_9), conversation: [agent('2026-12-07T08:40:00Z')], endedAt: null };
    const timers = byKey(check(history, '2026-12-07T09:00:00Z'));
    expect(timers.get('firstResponse:0')?.view).toMatchObject({ state: 'met', isBreached: false, elapsedMs: 40 * 60_000 });
    // Waiting on the customer since the agent wrote: resolution is paused.
    expect(timers.get('resolution:0')?.view.state).toBe('paused');
  });

  it('becomes at risk at 75 % and breached at the target, each step owed once, in ladder order', () => {
    const history = { startedAt: at(MONDAY_9), conversation: [], endedAt: null };
    const first = (now: string, fired?: Map<string, Set<LadderStepKey>>) => byKey(check(history, now, fired)).get('firstResponse:0')!;
    expect(first('2026-12-07T08:30:00Z')).toMatchObject({ dueSteps: [] });
    expect(iso(first('2026-12-07T08:30:00Z').nextCheckAt)).toBe('2026-12-07T08:45:00.000Z');
    expect(first('2026-12-07T08:45:00Z').dueSteps.map((s) => s.key)).toEqual(['at_risk']);
    const taken = new Map([['firstResponse:0', new Set(['at_risk'])]]);
    expect(first('2026-12-07T08:50:00Z', taken).dueSteps).toEqual([]);
    expect(iso(first('2026-12-07T08:50:00Z', taken).nextCheckAt)).toBe('2026-12-07T09:00:00.000Z');
    // A late check (the process was down) owes every step that came due, in order.
    expect(first('2026-12-07T09:40:00Z').dueSteps.map((s) => s.key)).toEqual(['at_risk', 'breached', 'breached_for:30']);
  });

  it('does not count evenings, weekends or holidays', () => {
    // Friday 16:30 local: 30 business minutes left on Friday, the rest on Monday morning.
    const history = { startedAt: at('2026-12-04T15:30:00Z'), conversation: [], endedAt: null };
    const first = byKey(check(history, '2026-12-05T12:00:00Z')).get('firstResponse:0')!;
    expect(first.view).toMatchObject({ state: 'running', isTicking: false, elapsedMs: 30 * 60_000 });
    expect(iso(first.view.dueAt)).toBe('2026-12-07T08:30:00.000Z');
    // Monday 16:30 local: the next business day is Wednesday (Tuesday is a holiday).
    const beforeHoliday = { startedAt: at('2026-12-07T15:30:00Z'), conversation: [], endedAt: null };
    expect(iso(byKey(check(beforeHoliday, '2026-12-07T15:31:00Z')).get('firstResponse:0')!.view.dueAt)).toBe('2026-12-09T08:30:00.000Z');
  });

  it('pauses resolution while the ticket waits on the customer, and starts a next-response timer on their follow-up', () => {
    const history = {
      startedAt: at(MONDAY_9),
      // The agent asks a question at 09:30 local; the customer answers at 11:30; the agent replies at 12:00.
      conversation: [agent('2026-12-07T08:30:00Z'), customer('2026-12-07T10:30:00Z'), agent('2026-12-07T11:00:00Z')],
      endedAt: null,
    };
    const timers = byKey(check(history, '2026-12-07T11:30:00Z'));
    expect(timers.get('nextResponse:1')?.view).toMatchObject({ state: 'met', elapsedMs: 30 * 60_000 });
    // Counted: 08:00-08:30 and 10:30-11:00; waiting on the customer again since 11:00.
    expect(timers.get('resolution:0')?.view).toMatchObject({ state: 'paused', elapsedMs: 60 * 60_000 });
    expect(timers.get('resolution:0')?.nextCheckAt).toBeNull();
  });

  it('counts each follow-up after a response as a new next-response timer, and a second message before the response as the same', () => {
    const spans = timerSpans({
      startedAt: at(MONDAY_9),
      conversation: [
        agent('2026-12-07T08:10:00Z'),
        customer('2026-12-07T08:20:00Z'),
        customer('2026-12-07T08:25:00Z'),
        agent('2026-12-07T08:40:00Z'),
        customer('2026-12-07T09:00:00Z'),
      ],
      endedAt: null,
    });
    expect(spans.filter((s) => s.metric === 'nextResponse').map((s) => [s.seq, iso(s.startedAt), iso(s.stoppedAt)])).toEqual([
      [1, '2026-12-07T08:20:00.000Z', '2026-12-07T08:40:00.000Z'],
      [2, '2026-12-07T09:00:00.000Z', null],
    ]);
  });

  it('stops every timer when the ticket ends, and then owes nothing and needs no check', () => {
    const history = { startedAt: at(MONDAY_9), conversation: [customer('2026-12-07T08:05:00Z')], endedAt: at('2026-12-07T10:00:00Z') };
    const timers = check(history, '2026-12-08T10:00:00Z');
    expect(timers.map((t) => [t.metric, t.view.state, t.view.isBreached])).toEqual([
      ['firstResponse', 'met', true],
      ['resolution', 'met', false],
    ]);
    expect(timers.flatMap((t) => t.dueSteps)).toEqual([]);
    expect(earliestCheck(timers)).toBeNull();
  });

  it('tracks only the metrics the policy has targets for', () => {
    const onlyResolution = ZSlaPolicy.parse({ targets: { resolution: { minutes: 60, clock: 'calendar' } } });
    const timers = evaluateTimers({
      spans: timerSpans({ startedAt: at(MONDAY_9), conversation: [], endedAt: null }),
      policy: onlyResolution,
      calendar: office,
      now: at(MONDAY_9),
      fired: new Map(),
    });
    expect(timers.map((t) => t.metric)).toEqual(['resolution']);
  });
});
