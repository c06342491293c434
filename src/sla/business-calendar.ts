// Business time: how much open time lies between two instants, and when a given amount of it has passed.
//
// Opening hours are local wall-clock times in an IANA zone: an instant is business time when its wall
// clock there reads an open minute of a day that is no holiday. Knowing the wall clock at an instant
// takes the zone's offset then, with its DST rules and history. luxon (well kept, typed, and without
// bundled tables: it reads the platform's Intl time-zone data, so it is as current as Node) gives that
// offset and places local midnights; we never write offset tables or DST rules ourselves.
//
// The walk goes one local day at a time and touches only open days. Over a stretch with one offset
// the wall clock is the instant plus that offset, so an open day costs one offset look-up at its
// midnight (compared with the next midnight's) and its spans are plain arithmetic; only on the two
// days a year whose offset changes is the change found (by bisection) and the day split there. So
// minutes a spring change skips are not open, minutes an autumn change repeats are open twice, and
// "00:00-24:00" is 23 or 25 hours on those days. Days already placed are remembered per calendar. A
// five-business-day target over a weekend and holidays takes tens of microseconds warm and a few
// hundred cold: no minute-by-minute scan.
import { DateTime, IANAZone } from 'luxon';
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
  let total = 0;
  for (const day of localDays(calendar, fromMs)) {
    if (day.startMs >= toMs) break;
    for (const [spanStart, spanEnd] of day.spans()) {
      const start = Math.max(spanStart, fromMs);
      const end = Math.min(spanEnd, toMs);
      if (end > start) total += end - start;
    }
  }
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
  let remaining = ms;
  for (const day of localDays(calendar, fromMs)) {
    for (const [spanStart, spanEnd] of day.spans()) {
      const start = Math.max(spanStart, fromMs);
      if (spanEnd <= start) continue;
      if (remaining <= spanEnd - start) return new Date(start + remaining);
      remaining -= spanEnd - start;
    }
  }
  /* c8 ignore next */
  throw new BusinessCalendarError('unreachable: localDays never ends without business time');
}

/** Whether `at` is business time (inside an open span of a day that is not a holiday). */
export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  if (calendar.isAlwaysOpen) return true;
  const atMs = at.getTime();
  const [day] = localDays(calendar, atMs);
  return day!.spans().some(([start, end]) => start <= atMs && atMs < end);
}

/** The first instant at or after `at` that is business time. */
export function nextBusinessInstant(calendar: BusinessCalendar, at: Date): Date {
  const atMs = at.getTime();
  if (calendar.isAlwaysOpen) return new Date(atMs);
  for (const day of localDays(calendar, atMs)) {
    for (const [start, end] of day.spans()) if (end > atMs) return new Date(Math.max(start, atMs));
  }
  /* c8 ignore next */
  throw new BusinessCalendarError('unreachable: localDays never ends without business time');
}

interface LocalDay {
  /** No later than the instant the local day begins (exact for an open day). */
  readonly startMs: number;
  /** The day's open spans as [start, end) instants, none on a holiday. */
  spans(): readonly (readonly [number, number])[];
}

/** Consecutive closed days after which the calendar is taken to be closed for good (holidays covering every open day). */
const MAX_CLOSED_DAYS = 3 * 366;
const DAY_MS = 86_400_000;
/** Local dates whose instants are remembered per calendar; the cache is emptied when it grows past this. */
const MAX_CACHED_DAYS = 4096;

/** Per calendar: each local date's midnight and open spans as instants, so repeated look-ups skip the zone. */
const dayCaches = new WeakMap<BusinessCalendar, Map<string, { startMs: number; offset: number; spans?: (readonly [number, number])[] }>>();

/** Local days from the one holding `fromMs`, forever; throws once MAX_CLOSED_DAYS pass without an open minute. */
function* localDays(calendar: BusinessCalendar, fromMs: number): Generator<LocalDay> {
  const zone = IANAZone.create(calendar.timeZone);
  let cache = dayCaches.get(calendar);
  if (!cache) dayCaches.set(calendar, (cache = new Map()));
  if (cache.size > MAX_CACHED_DAYS) cache.clear();
  const days = cache;
  let guessOffset = zone.offset(fromMs);
  // The date stepping is plain proleptic-Gregorian arithmetic on a UTC date; only wall-clock → instant needs the zone.
  const cursor = new Date(fromMs + guessOffset * 60_000);
  cursor.setUTCHours(0, 0, 0, 0);

  /** The local date's first instant and the offset then (minutes), by guessing the offset and checking it once. */
  const midnight = (utcDateMs: number) => {
    const key = new Date(utcDateMs).toISOString().slice(0, 10);
    let known = days.get(key);
    if (!known) {
      const guess = utcDateMs - guessOffset * 60_000;
      const offset = zone.offset(guess);
      if (offset === guessOffset) {
        known = { startMs: guess, offset };
      } else {
        const date = new Date(utcDateMs);
        const start = DateTime.fromObject({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, { zone });
        known = { startMs: start.toMillis(), offset: start.offset };
      }
      days.set(key, known);
    }
    guessOffset = known.offset;
    return known;
  };

  /**
   * The day's open spans as instants. An instant is open when its wall-clock time is inside a span; over a
   * stretch with one offset the wall clock is the instant plus that offset, so each span maps to one
   * interval there. A day whose offset changes is two such stretches, split at the change: a span's
   * minutes that a spring change skips are not open, and minutes an autumn change repeats are open twice.
   */
  const spansOf = (utcDateMs: number, weekdayIndex: number) => {
    const day = midnight(utcDateMs);
    if (day.spans) return day.spans;
    const next = midnight(utcDateMs + DAY_MS);
    const stretches =
      day.offset === next.offset
        ? [{ from: day.startMs, to: next.startMs, offset: day.offset }] // no change within the day (at most one a day assumed)
        : splitAtOffsetChange(zone, day.startMs, next.startMs);
    const spans: (readonly [number, number])[] = [];
    for (const stretch of stretches) {
      for (const span of calendar.week[weekdayIndex]!) {
        const start = Math.max(stretch.from, utcDateMs + (span.start - stretch.offset) * 60_000);
        const end = Math.min(stretch.to, utcDateMs + (span.end - stretch.offset) * 60_000);
        if (end > start) spans.push([start, end]);
      }
    }
    day.spans = spans;
    return spans;
  };

  let closedDays = 0;
  for (;;) {
    const utcDateMs = cursor.getTime();
    const weekdayIndex = (cursor.getUTCDay() + 6) % 7; // Monday = 0
    const isoDate = cursor.toISOString().slice(0, 10);
    const isOpen = calendar.week[weekdayIndex]!.length > 0 && !calendar.holidays.has(isoDate);
    closedDays = isOpen ? 0 : closedDays + 1;
    if (closedDays > MAX_CLOSED_DAYS)
      throw new BusinessCalendarError(`the calendar has no business time for ${MAX_CLOSED_DAYS} days before ${isoDate}`);
    // A closed day needs no instants: its start is bounded below by its UTC midnight minus the largest offset (+14:00).
    yield isOpen
      ? { startMs: midnight(utcDateMs).startMs, spans: () => spansOf(utcDateMs, weekdayIndex) }
      : { startMs: utcDateMs - 14 * 3_600_000, spans: () => [] };
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
}

/** [from, to) split at its one offset change, found to the minute by bisection (time zones change offset on whole minutes). */
function splitAtOffsetChange(zone: IANAZone, fromMs: number, toMs: number): { from: number; to: number; offset: number }[] {
  const before = zone.offset(fromMs);
  let low = fromMs; // offset is `before`
  let high = toMs; // offset is not
  while (high - low > 60_000) {
    const middle = low + Math.max(1, Math.floor((high - low) / 120_000)) * 60_000;
    if (zone.offset(middle) === before) low = middle;
    else high = middle;
  }
  return [
    { from: fromMs, to: high, offset: before },
    { from: high, to: toMs, offset: zone.offset(high) },
  ];
}
