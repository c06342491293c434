// How a deployer writes a business calendar, checked by zod with messages that say what to fix:
//   { timeZone: "Europe/Berlin", hours: { mon: ["09:00-17:30"], …, sun: [] },
//     holidays: ["2026-12-25"], holidaysIcs: "BEGIN:VCALENDAR…" }
// A weekday left out is closed; "00:00-24:00" every day is 24/7; "22:00-06:00" crosses midnight.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { businessCalendar, type BusinessCalendar } from './business-calendar.js';
import { combineHolidays, holidaysFromDates, isIsoDate } from './holidays.js';
import { holidaysFromIcs, IcsHolidaysError } from './ics-holidays.js';
import { WEEKDAYS, weeklyHours, type Weekday } from './weekly-hours.js';

const ZDayHours = z.array(z.string()).default([]);

export const ZCalendarConfig = z
  .object({
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
      error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")`,
    }),
    hours: z.strictObject(Object.fromEntries(WEEKDAYS.map((day) => [day, ZDayHours])) as Record<Weekday, typeof ZDayHours>),
    holidays: z
      .array(z.string().refine(isIsoDate, { error: (issue) => `"${String(issue.input)}" is not a date like 2026-12-25` }))
      .default([]),
    /** The text of an ICS file whose all-day events are holidays. */
    holidaysIcs: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    const result = weeklyHours(config.hours);
    if ('problems' in result) {
      for (const problem of result.problems)
        ctx.addIssue({ code: 'custom', path: ['hours', problem.day, problem.index], message: problem.message });
    } else if (result.week.every((day) => day.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'no day has opening hours; write "00:00-24:00" for each day for 24/7' });
    }
    if (config.holidaysIcs !== undefined) {
      try {
        holidaysFromIcs(config.holidaysIcs);
      } catch (err) {
        if (!(err instanceof IcsHolidaysError)) throw err;
        ctx.addIssue({ code: 'custom', path: ['holidaysIcs'], message: err.message });
      }
    }
  });

export type CalendarConfig = z.output<typeof ZCalendarConfig>;
export type CalendarConfigInput = z.input<typeof ZCalendarConfig>;

/** A parsed config → the calendar the SLA timers compute with. */
export function calendarFromConfig(config: CalendarConfig): BusinessCalendar {
  const result = weeklyHours(config.hours);
  if ('problems' in result) throw new RangeError(result.problems.map((problem) => problem.message).join('; '));
  const holidays = combineHolidays(
    holidaysFromDates(config.holidays),
    ...(config.holidaysIcs === undefined ? [] : [holidaysFromIcs(config.holidaysIcs)]),
  );
  return businessCalendar({ timeZone: config.timeZone, week: result.week, holidays });
}

/** Validates and builds in one step; throws the ZodError listing every problem. */
export function parseCalendarConfig(input: unknown): BusinessCalendar {
  return calendarFromConfig(ZCalendarConfig.parse(input));
}
