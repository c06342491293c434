// Business time: how much open time lies between two instants, and when a given amount of it has passed.
//
// Opening hours are local wall-clock times in an IANA zone: an instant is business time when its wall
// clock there reads an open minute of a day that is no holiday. Knowing the wall clock at an instant
// takes the zone's offset then, with its DST rules and history. luxon (well kept, typed, and without
// bundled tables: it reads the platform's Intl time-zone data, so it is as current as Node) gives that
// offset and places local midnights; we never write offset tables or DST rules ourselves.
//
// Local days are placed in time once per calendar, 64 at a time (calendar-blocks.ts). Over a stretch
// with one offset the wall clock is the instant plus that offset, so a day costs one offset look-up at
// its midnight (compared with the next midnight's) and its spans are plain arithmetic; only on a day
// whose offset changes is the change found (by bisection) and the day split there. So minutes a spring
// change skips are not open, minutes an autumn change repeats are open twice, and "00:00-24:00" is 23 or
// 25 hours on those days. A block keeps its open spans as instants with running totals of open time, so
// the business time between two instants, or when an amount of it is reached, is a binary search in a
// block or two plus the totals of any between: no day walk and no offset look-up once placed (128 blocks,
// about 22 years, kept per calendar; the least recently used goes). Warm, such a call takes well under a
// microsecond; placing a block takes a few hundred (bench/sla.bench.ts has whole tickets).
import { IANAZone } from 'luxon';
import { blocksOf, firstAbove, firstAtLeast, isOpenDay, openBefore } from './calendar-blocks.js';
import { NO_HOLIDAYS, type Holidays } from './holidays.js';
import { ALWAYS_OPEN_WEEK, hasOpenHours, type WeeklyHours } from './weekly-hours.js';

export interface BusinessCalendar {
  /** IANA zone the hours and holidays are read in, e.g. "Europe/Berlin". */
  readonly timeZone: string;
  readonly week: WeeklyHours;
  readonly holidays: Holidays;
  /** Open every minute with no holidays: business time is then plain elapsed time. */
  readonly isAlwaysOpen: boolean;
}

export class BusinessCalendarError extends Error {
  override readonly name = 'BusinessCalendarError';
}

/** Builds a calendar; throws BusinessCalendarError on an unknown zone or a week with no open minute. */
export function businessCalendar(input: { timeZone: string; week: WeeklyHours; holidays?: Holidays }): BusinessCalendar {
  if (!IANAZone.isValidZone(input.timeZone)) throw new BusinessCalendarError(`"${input.timeZone}" is not an IANA time zone`);
  if (input.week.length !== 7) throw new BusinessCalendarError('the week needs seven days, Monday first');
  if (!hasOpenHours(input.week)) throw new BusinessCalendarError('the calendar is never open');
  const holidays = input.holidays ?? NO_HOLIDAYS;
  const isAlwaysOpen = holidays.isEmpty && input.week.every((day) => day.length === 1 && day[0]!.start === 0 && day[0]!.end === 1440);
  return Object.freeze({ timeZone: input.timeZone, week: input.week, holidays, isAlwaysOpen });
}

/** 24/7: every instant is business time (the zone only matters for holidays, of which there are none). */
export function alwaysOpenCalendar(timeZone = 'UTC', holidays: Holidays = NO_HOLIDAYS): BusinessCalendar {
  return businessCalendar({ timeZone, week: ALWAYS_OPEN_WEEK, holidays });
}

/** Business milliseconds in [from, to); 0 when `to` is not after `from`. */
export function businessMillisBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return 0;
  if (calendar.isAlwaysOpen) return toMs - fromMs;
  const blocks = blocksOf(calendar);
  const first = blocks.at(fromMs);
  const last = blocks.at(toMs);
  let total: number;
  let hasClosedBlock = first.isClosed || last.isClosed;
  if (first === last) {
    total = openBefore(last, toMs) - openBefore(first, fromMs);
  } else {
    total = first.openMs - openBefore(first, fromMs) + openBefore(last, toMs);
    for (let index = first.index + 1; index < last.index; index++) {
      const block = blocks.get(index);
      total += block.openMs;
      hasClosedBlock ||= block.isClosed;
    }
  }
  if (hasClosedBlock) assertNoLongClosedRun(calendar, fromMs, toMs);
  return total;
}

/**
 * The earliest instant at which `ms` business milliseconds have passed since `from`: inside an open span,
 * or at its end when the amount runs out exactly there. `ms` = 0 gives `from` itself.
 * Throws RangeError for a negative or non-finite amount.
 */
export function addBusinessMillis(calendar: BusinessCalendar, from: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time to add must be a finite, non-negative number, not ${ms}`);
  const fromMs = from.getTime();
  if (ms === 0 || calendar.isAlwaysOpen) return new Date(fromMs + ms);
  const blocks = blocksOf(calendar);
  let block = blocks.at(fromMs);
  let hasClosedBlock = block.isClosed;
  // Open time counted from the block's start: the answer is where it reaches `target`.
  let target = openBefore(block, fromMs) + ms;
  while (target > block.openMs) {
    target -= block.openMs;
    block = blocks.get(block.index + 1);
    if (block.isClosed) {
      hasClosedBlock = true;
      assertNoLongClosedRun(calendar, fromMs, block.endMs);
    }
  }
  const span = firstAtLeast(block.openUntil, target);
  const at = block.starts[span]! + (target - (span > 0 ? block.openUntil[span - 1]! : 0));
  if (hasClosedBlock) assertNoLongClosedRun(calendar, fromMs, at);
  return new Date(at);
}

/** Whether `at` is business time (inside an open span of a day that is not a holiday). */
export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  if (calendar.isAlwaysOpen) return true;
  const atMs = at.getTime();
  const block = blocksOf(calendar).at(atMs);
  const span = firstAbove(block.ends, atMs);
  return span < block.ends.length && block.starts[span]! <= atMs;
}

/** The first instant at or after `at` that is business time. */
export function nextBusinessInstant(calendar: BusinessCalendar, at: Date): Date {
  const atMs = at.getTime();
  if (calendar.isAlwaysOpen) return new Date(atMs);
  const blocks = blocksOf(calendar);
  let block = blocks.at(atMs);
  let hasClosedBlock = block.isClosed;
  let span = firstAbove(block.ends, atMs);
  while (span === block.ends.length) {
    block = blocks.get(block.index + 1);
    span = 0;
    if (block.isClosed) {
      hasClosedBlock = true;
      assertNoLongClosedRun(calendar, atMs, block.endMs);
    }
  }
  const next = Math.max(block.starts[span]!, atMs);
  if (hasClosedBlock) assertNoLongClosedRun(calendar, atMs, next);
  return new Date(next);
}

/** Consecutive closed days after which the calendar is taken to be closed for good (holidays covering every open day). */
const MAX_CLOSED_DAYS = 3 * 366;

/**
 * Throws when the local days from the one holding `fromMs` up to `untilMs` hold more than MAX_CLOSED_DAYS
 * closed days in a row: the calendar has, in practice, no business time left. Only called once a fully
 * closed block was crossed, which any such run contains; a day's start is bounded below by its UTC
 * midnight minus the largest offset (+14:00), which may look a day or two past `untilMs`, after an open day.
 */
function assertNoLongClosedRun(calendar: BusinessCalendar, fromMs: number, untilMs: number): void {
  const zone = IANAZone.create(calendar.timeZone);
  // The date stepping is plain proleptic-Gregorian arithmetic on a UTC date; only the first day needs the zone.
  const cursor = new Date(fromMs + zone.offset(fromMs) * 60_000);
  cursor.setUTCHours(0, 0, 0, 0);
  let closedDays = 0;
  for (;;) {
    const utcDateMs = cursor.getTime();
    const isOpen = isOpenDay(calendar, utcDateMs, (cursor.getUTCDay() + 6) % 7);
    closedDays = isOpen ? 0 : closedDays + 1;
    if (closedDays > MAX_CLOSED_DAYS) {
      const isoDate = cursor.toISOString().slice(0, 10);
      throw new BusinessCalendarError(`the calendar has no business time for ${MAX_CLOSED_DAYS} days before ${isoDate}`);
    }
    if (utcDateMs - 14 * 3_600_000 >= untilMs) return;
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
}
