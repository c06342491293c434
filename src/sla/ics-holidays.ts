// Holidays from an ICS file's text (a public-holiday feed, or a company calendar exported from any
// calendar app). ical.js (Mozilla's parser, used by Thunderbird) reads it rather than our own parser,
// because real feeds fold long lines, escape text, and repeat holidays with RRULE, EXDATE and moved
// occurrences (RECURRENCE-ID), all of which it expands correctly.
//
// Only all-day events (DTSTART;VALUE=DATE) are holidays: each closes its dates from DTSTART up to, not
// including, DTEND (one day when there is no DTEND). Timed events are counted and ignored: a meeting
// is not a holiday. Recurring events are expanded lazily, one year at a time, when the calendar first
// asks about a date of that year, so a yearly rule needs no horizon.
import ICAL from 'ical.js';
import type { Holidays } from './holidays.js';

export interface IcsHolidays extends Holidays {
  /** All-day events read (a recurring one counts once). */
  readonly allDayEvents: number;
  /** Events with a time of day, which are not holidays. */
  readonly ignoredTimedEvents: number;
}

export class IcsHolidaysError extends Error {
  override readonly name = 'IcsHolidaysError';
}

/** Occurrences stepped through per recurring event and year, so a daily rule from long ago cannot spin. */
const MAX_OCCURRENCES_PER_YEAR = 100_000;
/** Longest all-day event taken as holidays, in days: a multi-year "event" is a mistake, not a holiday. */
const MAX_EVENT_DAYS = 366;

/** Parses the ICS text; throws IcsHolidaysError when it is not iCalendar. */
export function holidaysFromIcs(text: string): IcsHolidays {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new IcsHolidaysError(`the ICS text could not be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (root.name !== 'vcalendar') throw new IcsHolidaysError('the ICS text has no VCALENDAR');
  const fixed = new Set<string>();
  const recurring: ICAL.Event[] = [];
  let allDayEvents = 0;
  let ignoredTimedEvents = 0;
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (event.isRecurrenceException()) continue; // read through its series' getOccurrenceDetails
    if (!event.startDate) continue;
    if (!event.startDate.isDate) {
      ignoredTimedEvents += 1;
      continue;
    }
    if (String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') continue;
    allDayEvents += 1;
    if (event.isRecurring()) recurring.push(event);
    else addDays(fixed, event.startDate, event.endDate);
  }
  const byYear = new Map<number, Set<string>>();
  const recurringIn = (year: number): Set<string> => {
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Set();
      for (const event of recurring) expandYear(event, year, dates);
      byYear.set(year, dates);
    }
    return dates;
  };
  return {
    has: (isoDate) => fixed.has(isoDate) || (recurring.length > 0 && recurringIn(Number(isoDate.slice(0, 4))).has(isoDate)),
    isEmpty: fixed.size === 0 && recurring.length === 0,
    allDayEvents,
    ignoredTimedEvents,
  };
}

/** Adds the dates of occurrences touching `year` (one starting late in the year before may run into it). */
function expandYear(event: ICAL.Event, year: number, into: Set<string>): void {
  const iterator = event.iterator();
  for (let stepped = 1, next = iterator.next(); next && stepped < MAX_OCCURRENCES_PER_YEAR; next = iterator.next(), stepped += 1) {
    if (next.year > year) break;
    if (next.year < year - 1) continue;
    const details = event.getOccurrenceDetails(next);
    if (!details.startDate.isDate) continue; // moved to a time of day: no longer a whole-day holiday
    const dates = new Set<string>();
    addDays(dates, details.startDate, details.endDate);
    for (const date of dates) if (date.startsWith(`${year}-`)) into.add(date);
  }
}

function addDays(into: Set<string>, start: ICAL.Time, end: ICAL.Time | null): void {
  const day = start.clone();
  day.isDate = true;
  const endDay = end ? end.clone() : null;
  for (let count = 0; count < MAX_EVENT_DAYS; count += 1) {
    into.add(day.toString());
    day.adjust(1, 0, 0, 0); // normalises the month and year
    if (!endDay || day.compare(endDay) >= 0) break;
  }
}
