import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMillis,
  alwaysOpenCalendar,
  businessMillisBetween,
  isBusinessTime,
  nextBusinessInstant,
  type BusinessCalendar,
} from '../../src/sla/business-calendar.js';
import { parseCalendarConfig, ZCalendarConfig } from '../../src/sla/calendar-config.js';
import { holidaysFromDates } from '../../src/sla/holidays.js';
import { holidaysFromIcs } from '../../src/sla/ics-holidays.js';
import { WEEKDAYS } from '../../src/sla/weekly-hours.js';

const HOUR = 3_600_000;
const weekdays = (range: string) => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range] });
const berlinOffice = parseCalendarConfig({ timeZone: 'Europe/Berlin', hours: weekdays('09:00-17:30'), holidays: ['2026-12-25'] });
const newYorkOffice = parseCalendarConfig({ timeZone: 'America/New_York', hours: weekdays('09:00-17:00') });
const at = (iso: string) => new Date(iso);
const add = (calendar: BusinessCalendar, from: string, ms: number) => addBusinessMillis(calendar, at(from), ms).toISOString();
const between = (calendar: BusinessCalendar, from: string, to: string) => businessMillisBetween(calendar, at(from), at(to));

describe('business time', () => {
  it('skips the weekend', () => {
    // Friday 16:00 in Berlin (CET) + 3 h = 1.5 h on Friday, 1.5 h on Monday.
    expect(add(berlinOffice, '2026-12-04T15:00:00Z', 3 * HOUR)).toBe('2026-12-07T09:30:00.000Z');
    expect(between(berlinOffice, '2026-12-04T15:00:00Z', '2026-12-07T09:30:00Z')).toBe(3 * HOUR);
  });

  it('skips a holiday as a whole local day', () => {
    // Thursday 24 December 17:00 + 1 h: half an hour that day, Friday the 25th is a holiday, then Monday.
    expect(add(berlinOffice, '2026-12-24T16:00:00Z', HOUR)).toBe('2026-12-28T08:30:00.000Z');
    expect(between(berlinOffice, '2026-12-25T00:00:00Z', '2026-12-26T00:00:00Z')).toBe(0);
  });

  it('counts a five-day target across weekends and holidays', () => {
    const holidays = parseCalendarConfig({
      timeZone: 'Europe/Berlin',
      hours: weekdays('09:00-17:30'),
      holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
    });
    expect(add(holidays, '2026-12-23T15:00:00Z', 5 * 8.5 * HOUR)).toBe('2027-01-05T15:00:00.000Z');
  });

  it('follows Berlin into summer time (last Sunday of March)', () => {
    const everyDay = parseCalendarConfig({
      timeZone: 'Europe/Berlin',
      hours: { ...weekdays('09:00-17:00'), sat: ['09:00-17:00'], sun: ['09:00-17:00'] },
    });
    // Saturday 28 March 16:00 CET + 2 h → Sunday 29 March 10:00 CEST (UTC+2).
    expect(add(everyDay, '2026-03-28T15:00:00Z', 2 * HOUR)).toBe('2026-03-29T08:00:00.000Z');
    const sundays = parseCalendarConfig({ timeZone: 'Europe/Berlin', hours: { sun: ['00:00-24:00'] } });
    expect(between(sundays, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toBe(23 * HOUR);
    // 02:00-03:00 does not happen that night: nothing is open.
    const skipped = parseCalendarConfig({ timeZone: 'Europe/Berlin', hours: { sun: ['01:00-03:00'] } });
    expect(between(skipped, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toBe(HOUR);
    expect(add(skipped, '2026-03-28T00:00:00Z', HOUR)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('follows Berlin back to winter time (last Sunday of October): that Sunday is 25 hours', () => {
    const sundays = parseCalendarConfig({ timeZone: 'Europe/Berlin', hours: { sun: ['00:00-24:00'] } });
    expect(between(sundays, '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z')).toBe(25 * HOUR);
    const nights = parseCalendarConfig({ timeZone: 'Europe/Berlin', hours: { sun: ['01:00-04:00'] } });
    // 01:00 CEST to 04:00 CET is four real hours: 02:00-03:00 happens twice.
    expect(between(nights, '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z')).toBe(4 * HOUR);
    expect(add(nights, '2026-10-24T00:00:00Z', 4 * HOUR)).toBe('2026-10-25T03:00:00.000Z');
  });

  it('follows New York across its March change', () => {
    // Friday 6 March 16:00 EST + 2 h → Monday 9 March 10:00 EDT (UTC−4).
    expect(add(newYorkOffice, '2026-03-06T21:00:00Z', 2 * HOUR)).toBe('2026-03-09T14:00:00.000Z');
    const sundays = parseCalendarConfig({ timeZone: 'America/New_York', hours: { sun: ['00:00-24:00'] } });
    expect(between(sundays, '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toBe(23 * HOUR);
    expect(between(sundays, '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toBe(25 * HOUR);
  });

  it('honours hours that cross midnight', () => {
    const nightShift = parseCalendarConfig({ timeZone: 'UTC', hours: { mon: ['22:00-06:00'] } });
    expect(add(nightShift, '2026-12-07T21:00:00Z', 3 * HOUR)).toBe('2026-12-08T01:00:00.000Z');
    expect(between(nightShift, '2026-12-07T00:00:00Z', '2026-12-09T00:00:00Z')).toBe(8 * HOUR);
    expect(isBusinessTime(nightShift, at('2026-12-08T05:59:00Z'))).toBe(true);
    expect(isBusinessTime(nightShift, at('2026-12-08T06:00:00Z'))).toBe(false);
  });

  it('skips a closed day', () => {
    const noWednesday = parseCalendarConfig({ timeZone: 'UTC', hours: { ...weekdays('09:00-17:00'), wed: [] } });
    expect(add(noWednesday, '2026-12-08T17:00:00Z', HOUR)).toBe('2026-12-10T10:00:00.000Z');
    expect(nextBusinessInstant(noWednesday, at('2026-12-09T12:00:00Z')).toISOString()).toBe('2026-12-10T09:00:00.000Z');
  });

  it('treats 24/7 as plain elapsed time, and a 24/7 holiday as a closed day', () => {
    const always = alwaysOpenCalendar();
    expect(add(always, '2026-12-04T15:00:00Z', 120 * HOUR)).toBe('2026-12-09T15:00:00.000Z');
    expect(isBusinessTime(always, at('2026-12-05T03:00:00Z'))).toBe(true);
    const withHoliday = alwaysOpenCalendar('Europe/Berlin', holidaysFromDates(['2026-12-25']));
    expect(between(withHoliday, '2026-12-24T00:00:00Z', '2026-12-27T00:00:00Z')).toBe(72 * HOUR - 24 * HOUR);
    const written = parseCalendarConfig({
      timeZone: 'UTC',
      hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']])),
    });
    expect(written.isAlwaysOpen).toBe(true);
  });

  it('returns the start for zero, and zero for a reversed range', () => {
    expect(add(berlinOffice, '2026-12-05T12:00:00Z', 0)).toBe('2026-12-05T12:00:00.000Z');
    expect(between(berlinOffice, '2026-12-08T12:00:00Z', '2026-12-07T12:00:00Z')).toBe(0);
    expect(() => addBusinessMillis(berlinOffice, at('2026-12-07T12:00:00Z'), -1)).toThrow(RangeError);
  });

  it('gives up on a calendar whose holidays close every open day', () => {
    const closed = parseCalendarConfig({
      timeZone: 'UTC',
      hours: { mon: ['09:00-10:00'] },
      holidaysIcs: ics(['DTSTART;VALUE=DATE:20260105', 'RRULE:FREQ=WEEKLY;BYDAY=MO']),
    });
    expect(() => addBusinessMillis(closed, at('2026-12-07T00:00:00Z'), HOUR)).toThrow(/no business time/);
  });
});

describe('addBusinessMillis and businessMillisBetween', () => {
  const calendars = [
    berlinOffice,
    newYorkOffice,
    parseCalendarConfig({
      timeZone: 'Australia/Sydney',
      hours: { mon: ['22:00-06:00'], wed: ['08:00-12:00', '13:00-18:00'], sun: ['00:00-24:00'] },
    }),
  ];
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));

  it('are inverse: the business time up to from + ms is ms', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 0, max: 20 * 24 * HOUR }), (calendar, from, ms) => {
        expect(businessMillisBetween(calendar, from, addBusinessMillis(calendar, from, ms))).toBe(ms);
      }),
    );
  });

  it('are inverse the other way: adding the business time between two instants lands no later than the second', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 0, max: 30 * 24 * HOUR }), (calendar, from, span) => {
        const to = new Date(from.getTime() + span);
        const ms = businessMillisBetween(calendar, from, to);
        const landed = addBusinessMillis(calendar, from, ms);
        expect(landed.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(businessMillisBetween(calendar, landed, to)).toBe(0);
      }),
    );
  });

  it('add up over a split range', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.nat(10 * 24 * HOUR), fc.nat(10 * 24 * HOUR), (calendar, a, x, y) => {
        const b = new Date(a.getTime() + x);
        const c = new Date(b.getTime() + y);
        expect(businessMillisBetween(calendar, a, b) + businessMillisBetween(calendar, b, c)).toBe(businessMillisBetween(calendar, a, c));
      }),
    );
  });
});

describe('business time around offset changes', () => {
  // The definition, checked quarter-hour by quarter-hour: an instant is open when its wall clock in the
  // zone reads an open minute of a day that is no holiday. Offsets, hours and changes here all fall on
  // quarter-hours, so a quarter-hour is open or closed as a whole.
  const QUARTER = 15 * 60_000;
  const changes = [
    ['Europe/Berlin', '2026-03-29'],
    ['Europe/Berlin', '2026-10-25'],
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['America/Santiago', '2026-04-05'],
    ['America/Santiago', '2026-09-06'],
    ['Australia/Lord_Howe', '2026-04-05'],
    ['Australia/Lord_Howe', '2026-10-04'],
    ['Asia/Kathmandu', '2026-06-01'],
  ] as const;
  const quarterHour = fc
    .integer({ min: 0, max: 95 })
    .map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
  const range = fc
    .tuple(quarterHour, quarterHour)
    .filter(([start, end]) => start !== end)
    .map(([start, end]) => `${start}-${end === '00:00' ? '24:00' : end}`);
  const hours = fc.record(
    Object.fromEntries(WEEKDAYS.map((day) => [day, fc.array(range, { maxLength: 2 })])) as Record<
      (typeof WEEKDAYS)[number],
      fc.Arbitrary<string[]>
    >,
  );

  it('counts exactly the open wall-clock time across DST changes, midnight changes and 30-minute changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...changes),
        hours,
        fc.integer({ min: -8 * 24 * 4, max: 4 * 24 }),
        fc.integer({ min: 0, max: 3 * 24 * 4 }),
        fc.boolean(),
        ([zone, day], week, startQ, lengthQ, holiday) => {
          const config = ZCalendarConfig.safeParse({ timeZone: zone, hours: week, holidays: holiday ? [day] : [] });
          fc.pre(config.success);
          const calendar = parseCalendarConfig(config.data);
          const from = Date.parse(`${day}T00:00:00Z`) + startQ * QUARTER;
          const to = from + lengthQ * QUARTER;
          let expected = 0;
          for (let t = from; t < to; t += QUARTER) {
            const wall = DateTime.fromMillis(t, { zone });
            const minute = wall.hour * 60 + wall.minute;
            const isHoliday = holiday && wall.toISODate() === day;
            const ranges = config.data.hours[WEEKDAYS[wall.weekday - 1]!];
            const yesterday = config.data.hours[WEEKDAYS[(wall.weekday + 5) % 7]!];
            const parse = (text: string) => text.split('-').map((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
            const openToday = ranges.some((text) => {
              const [start, end] = parse(text) as [number, number];
              return end > start ? start <= minute && minute < end : start <= minute;
            });
            const openFromYesterday = yesterday.some((text) => {
              const [start, end] = parse(text) as [number, number];
              return end <= start && minute < end;
            });
            if (!isHoliday && (openToday || openFromYesterday)) expected += QUARTER;
          }
          expect(businessMillisBetween(calendar, new Date(from), new Date(to))).toBe(expected);
          expect(businessMillisBetween(calendar, new Date(from), addBusinessMillis(calendar, new Date(from), expected))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function ics(lines: string[], uid = 'h1'): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    ...lines,
    'SUMMARY:Holiday',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

describe('ICS holidays', () => {
  const feed = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:new-year',
    'DTSTART;VALUE=DATE:20261231',
    'DTEND;VALUE=DATE:20270102',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:christmas',
    'DTSTART;VALUE=DATE:20201225',
    'RRULE:FREQ=YEARLY',
    'EXDATE;VALUE=DATE:20281225',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:memorial',
    'DTSTART;VALUE=DATE:20200525',
    'RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:memorial',
    'RECURRENCE-ID;VALUE=DATE:20270531',
    'DTSTART;VALUE=DATE:20270601',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:meeting',
    'DTSTART:20261201T100000Z',
    'DTEND:20261201T110000Z',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');

  it('reads all-day events, multi-day ones, yearly rules with exceptions and moved occurrences; ignores timed events', () => {
    const holidays = holidaysFromIcs(feed);
    expect({ allDay: holidays.allDayEvents, timed: holidays.ignoredTimedEvents }).toEqual({ allDay: 3, timed: 1 });
    const expected: Record<string, boolean> = {
      '2026-12-31': true,
      '2027-01-01': true,
      '2027-01-02': false,
      '2026-12-25': true,
      '2035-12-25': true,
      '2028-12-25': false,
      '2026-05-25': true,
      '2027-05-31': false,
      '2027-06-01': true,
      '2026-12-01': false,
    };
    expect(Object.fromEntries(Object.keys(expected).map((date) => [date, holidays.has(date)]))).toEqual(expected);
  });

  it('closes those days in the calendar', () => {
    const calendar = parseCalendarConfig({ timeZone: 'America/New_York', hours: weekdays('09:00-17:00'), holidaysIcs: feed });
    // Friday 22 May 2026 16:00 EDT + 2 h: Monday 25 May is Memorial Day → Tuesday 10:00.
    expect(add(calendar, '2026-05-22T20:00:00Z', 2 * HOUR)).toBe('2026-05-26T14:00:00.000Z');
  });
});

describe('calendar config', () => {
  const messages = (input: unknown) => {
    const result = ZCalendarConfig.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts a calendar and fills closed days', () => {
    expect(messages({ timeZone: 'Europe/Berlin', hours: { mon: ['09:00-12:00', '13:00-17:30'] }, holidays: ['2026-12-25'] })).toEqual([]);
  });

  it('says what is wrong', () => {
    expect(messages({ timeZone: 'Europe/Berlinn', hours: { mon: ['09:00-17:00'] } })).toEqual([
      'timeZone: "Europe/Berlinn" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")',
    ]);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['9-17'] } })).toEqual(['hours.mon.0: "9-17" is not a range like "09:00-17:30"']);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['09:00-25:00'] } })).toEqual([
      'hours.mon.0: "09:00-25:00": the end must be a time from 00:00 to 24:00',
    ]);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['09:00-09:00'] } })).toEqual([
      'hours.mon.0: "09:00-09:00" is empty; write "00:00-24:00" for a whole day',
    ]);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['13:00-17:00', '09:00-12:00'] } })).toEqual([
      'hours.mon.1: "09:00-12:00" starts before the previous range of mon ends; list ranges in order',
    ]);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['22:00-06:00'], tue: ['05:00-12:00'] } })).toEqual([
      'hours.tue.0: "05:00-12:00" overlaps another range open on tue',
    ]);
    expect(messages({ timeZone: 'UTC', hours: {} })).toEqual([
      'hours: no day has opening hours; write "00:00-24:00" for each day for 24/7',
    ]);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['09:00-17:00'] }, holidays: ['2026-02-30'] })).toEqual([
      'holidays.0: "2026-02-30" is not a date like 2026-12-25',
    ]);
    expect(messages({ timeZone: 'UTC', hours: { mon: ['09:00-17:00'] }, holidaysIcs: 'not ics' })[0]).toMatch(
      /^holidaysIcs: the ICS text could not be read/,
    );
    expect(messages({ timeZone: 'UTC', hours: { monday: ['09:00-17:00'] } })[0]).toMatch(/monday/);
  });
});
