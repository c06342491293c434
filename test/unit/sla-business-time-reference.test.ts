// Business time against its definition, minute by minute: an instant is open when its wall clock in the
// calendar's zone reads an open minute of its weekday and its local date is no holiday. The reference
// asks luxon for the wall clock of every minute (Berlin and New York change offset on whole minutes, so a
// minute is open or closed as a whole); the calendar computes the same from days placed once and cached.
// Ranges start near offset changes, near the edges of the calendar's cached blocks of days and near
// holidays; each case runs on a fresh calendar (nothing cached) and on one shared by every case (warm).
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMillis,
  businessMillisBetween,
  isBusinessTime,
  nextBusinessInstant,
  type BusinessCalendar,
} from '../../src/sla/business-calendar.js';
import { parseCalendarConfig } from '../../src/sla/calendar-config.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const weekdays = (range: string) => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range] });
const HOURS = {
  office: weekdays('09:00-17:30'),
  nights: { ...weekdays('22:00-06:00'), sat: ['22:00-06:00'], sun: ['22:00-06:00'] },
  weeknights: { sun: ['22:00-06:00'], mon: ['22:00-06:00'], tue: ['22:00-06:00'], wed: ['22:00-06:00'], thu: ['22:00-06:00'] },
  split: { ...weekdays('08:00-12:00'), wed: ['00:00-02:30', '13:15-24:00'], sun: ['01:00-03:30'] },
} as const;

/** Offset changes, and the first days of cached blocks (64 local days each, counted from 1970-01-01). */
const ANCHORS = [
  '2026-03-08', // New York springs forward
  '2026-03-29', // Berlin springs forward
  '2026-10-25', // Berlin falls back
  '2026-11-01', // New York falls back
  '2027-03-14',
  '2027-03-28',
  '2027-10-31',
  '2027-11-07',
  new Date(320 * 64 * DAY).toISOString().slice(0, 10),
  new Date(321 * 64 * DAY).toISOString().slice(0, 10),
].map((date) => Date.parse(`${date}T00:00:00Z`));

interface Case {
  readonly zone: 'Europe/Berlin' | 'America/New_York';
  readonly hours: keyof typeof HOURS;
  readonly holidays: readonly string[];
  readonly fromMs: number;
}

const scenario: fc.Arbitrary<Case> = fc
  .record({
    zone: fc.constantFrom('Europe/Berlin' as const, 'America/New_York' as const),
    hours: fc.constantFrom(...(Object.keys(HOURS) as (keyof typeof HOURS)[])),
    anchor: fc.constantFrom(...ANCHORS),
    holidayDays: fc.uniqueArray(fc.integer({ min: -4, max: 8 }), { maxLength: 4 }),
    offsetMs: fc.integer({ min: -3 * DAY, max: 3 * DAY }),
  })
  .map(({ zone, hours, anchor, holidayDays, offsetMs }) => ({
    zone,
    hours,
    holidays: holidayDays.map((days) => new Date(anchor + days * DAY).toISOString().slice(0, 10)).sort(),
    fromMs: anchor + offsetMs,
  }));

const shared = new Map<string, BusinessCalendar>();
/** A fresh calendar (nothing placed yet) and one kept across cases (its blocks warm), of the same config. */
function calendars(c: Case): BusinessCalendar[] {
  const config = { timeZone: c.zone, hours: HOURS[c.hours], holidays: [...c.holidays] };
  const key = JSON.stringify(config);
  if (!shared.has(key)) shared.set(key, parseCalendarConfig(config));
  return [parseCalendarConfig(config), shared.get(key)!];
}

/** The definition: the minute starting at `minuteMs` is open. */
function isOpenMinute(calendar: BusinessCalendar, minuteMs: number): boolean {
  const wall = DateTime.fromMillis(minuteMs, { zone: calendar.timeZone });
  if (calendar.holidays.has(wall.toISODate()!)) return false;
  const minute = wall.hour * 60 + wall.minute;
  return calendar.week[wall.weekday - 1]!.some((span) => span.start <= minute && minute < span.end);
}

const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

function referenceBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (let minute = minuteOf(fromMs); minute < toMs; minute += MINUTE) {
    if (isOpenMinute(calendar, minute)) total += Math.min(minute + MINUTE, toMs) - Math.max(minute, fromMs);
  }
  return total;
}

/** The first instant by which `ms` of open time has passed since `fromMs`, looking no further than `withinMs`. */
function referenceAdd(calendar: BusinessCalendar, fromMs: number, ms: number, withinMs: number): number | null {
  if (ms === 0) return fromMs;
  let remaining = ms;
  for (let minute = minuteOf(fromMs); minute < fromMs + withinMs; minute += MINUTE) {
    if (!isOpenMinute(calendar, minute)) continue;
    const start = Math.max(minute, fromMs);
    if (remaining <= minute + MINUTE - start) return start + remaining;
    remaining -= minute + MINUTE - start;
  }
  return null;
}

function referenceNext(calendar: BusinessCalendar, atMs: number, withinMs: number): number | null {
  for (let minute = minuteOf(atMs); minute < atMs + withinMs; minute += MINUTE) {
    if (isOpenMinute(calendar, minute)) return Math.max(minute, atMs);
  }
  return null;
}

describe('business time against the minute-by-minute definition', () => {
  it('businessMillisBetween counts exactly the open minutes (and parts of minutes) in [from, to)', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 3 * DAY }), (c, lengthMs) => {
        const expected = referenceBetween(calendars(c)[0]!, c.fromMs, c.fromMs + lengthMs);
        for (const calendar of calendars(c)) {
          expect(businessMillisBetween(calendar, new Date(c.fromMs), new Date(c.fromMs + lengthMs))).toBe(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('addBusinessMillis lands where the open minutes since `from` add up to the amount', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 16 * HOUR }), (c, ms) => {
        const expected = referenceAdd(calendars(c)[0]!, c.fromMs, ms, 14 * DAY);
        expect(expected).not.toBeNull();
        for (const calendar of calendars(c)) {
          expect(addBusinessMillis(calendar, new Date(c.fromMs), ms).getTime()).toBe(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('isBusinessTime and nextBusinessInstant agree with the definition', () => {
    fc.assert(
      fc.property(scenario, (c) => {
        const [fresh, warm] = calendars(c) as [BusinessCalendar, BusinessCalendar];
        const isOpen = isOpenMinute(fresh, minuteOf(c.fromMs));
        const next = referenceNext(fresh, c.fromMs, 14 * DAY);
        expect(next).not.toBeNull();
        for (const calendar of [fresh, warm]) {
          expect(isBusinessTime(calendar, new Date(c.fromMs))).toBe(isOpen);
          expect(nextBusinessInstant(calendar, new Date(c.fromMs)).getTime()).toBe(next);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('over ranges of many blocks: the total is the sum of its days, and adding it lands at the last open instant of the range', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 60 * DAY, max: 400 * DAY }), (c, lengthMs) => {
        const [fresh, warm] = calendars(c) as [BusinessCalendar, BusinessCalendar];
        const toMs = c.fromMs + lengthMs;
        let sumOfDays = 0;
        for (let dayMs = c.fromMs; dayMs < toMs; dayMs += DAY) {
          sumOfDays += businessMillisBetween(warm, new Date(dayMs), new Date(Math.min(dayMs + DAY, toMs)));
        }
        const total = businessMillisBetween(fresh, new Date(c.fromMs), new Date(toMs));
        expect(total).toBe(sumOfDays);
        const landed = addBusinessMillis(fresh, new Date(c.fromMs), total).getTime();
        expect(landed).toBeLessThanOrEqual(toMs);
        expect(businessMillisBetween(warm, new Date(landed), new Date(toMs))).toBe(0);
        expect(isBusinessTime(warm, new Date(landed - 1))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('stays right once a calendar has dropped its oldest cached blocks (30 years in use)', () => {
    const calendar = parseCalendarConfig({ timeZone: 'Europe/Berlin', hours: HOURS.nights, holidays: ['2026-03-30'] });
    const from = Date.parse('2026-03-27T12:34:56.789Z');
    const to = from + 5 * DAY;
    const expected = referenceBetween(calendar, from, to);
    expect(businessMillisBetween(calendar, new Date(from), new Date(to))).toBe(expected);
    let sumOfYears = 0;
    for (let year = 0; year < 30; year++) {
      sumOfYears += businessMillisBetween(calendar, new Date(from + year * 365 * DAY), new Date(from + (year + 1) * 365 * DAY));
    }
    expect(businessMillisBetween(calendar, new Date(from), new Date(from + 30 * 365 * DAY))).toBe(sumOfYears);
    expect(businessMillisBetween(calendar, new Date(from), new Date(to))).toBe(expected);
    expect(addBusinessMillis(calendar, new Date(from), expected).getTime()).toBe(referenceAdd(calendar, from, expected, 6 * DAY));
  });
});
