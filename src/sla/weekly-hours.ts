// Weekly opening hours as minutes of the local day, the form the business calendar computes with.
// A deployer writes "09:00-17:30"; an interval whose end is not after its start crosses midnight
// ("22:00-06:00" is Monday 22:00 to Tuesday 06:00) and is split at midnight, so each local day holds
// only its own minutes and a holiday closes exactly the minutes of its date.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MINUTES_PER_DAY = 24 * 60;

/** Open minutes of one local day: [start, end), 0 ≤ start < end ≤ 1440 (1440 is the next midnight). */
export interface MinuteSpan {
  readonly start: number;
  readonly end: number;
}

/** Seven days, Monday first (index = ISO weekday − 1); each day's spans sorted, apart and not touching. */
export type WeeklyHours = readonly (readonly MinuteSpan[])[];

/** Open every minute of every day. */
export const ALWAYS_OPEN_WEEK: WeeklyHours = WEEKDAYS.map(() => [{ start: 0, end: MINUTES_PER_DAY }]);

const RANGE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;

/** "09:00-17:30" → minutes, or why not. The end may be "24:00"; an end not after the start crosses midnight. */
export function parseHoursRange(text: string): { start: number; end: number } | { error: string } {
  const match = RANGE.exec(text.trim());
  if (!match) return { error: `"${text}" is not a range like "09:00-17:30"` };
  const [startHour, startMinute, endHour, endMinute] = match.slice(1).map(Number) as [number, number, number, number];
  if (startHour > 23 || startMinute > 59) return { error: `"${text}": the start must be a time from 00:00 to 23:59` };
  if (endHour > 24 || endMinute > 59 || (endHour === 24 && endMinute > 0)) {
    return { error: `"${text}": the end must be a time from 00:00 to 24:00` };
  }
  const start = startHour * 60 + startMinute;
  const end = endHour * 60 + endMinute;
  if (start === end) return { error: `"${text}" is empty; write "00:00-24:00" for a whole day` };
  return { start, end };
}

export interface HoursProblem {
  readonly day: Weekday;
  readonly index: number;
  readonly message: string;
}

/**
 * Each weekday's ranges → WeeklyHours, or every problem found. A day's own ranges must be in order and
 * apart; a range crossing midnight carries its morning part into the next day, where it must not
 * overlap that day's ranges (touching ranges are merged).
 */
export function weeklyHours(days: Readonly<Record<Weekday, readonly string[]>>): { week: WeeklyHours } | { problems: HoursProblem[] } {
  const problems: HoursProblem[] = [];
  const spans: MinuteSpan[][] = WEEKDAYS.map(() => []);
  const owners: { day: Weekday; index: number }[][] = WEEKDAYS.map(() => []);
  WEEKDAYS.forEach((day, dayIndex) => {
    let previousEnd = -1;
    days[day].forEach((text, index) => {
      const range = parseHoursRange(text);
      if ('error' in range) return problems.push({ day, index, message: range.error });
      if (range.start < previousEnd) {
        problems.push({ day, index, message: `"${text}" starts before the previous range of ${day} ends; list ranges in order` });
      }
      const crossesMidnight = range.end <= range.start;
      previousEnd = crossesMidnight ? MINUTES_PER_DAY : range.end;
      spans[dayIndex]!.push({ start: range.start, end: crossesMidnight ? MINUTES_PER_DAY : range.end });
      owners[dayIndex]!.push({ day, index });
      if (crossesMidnight && range.end > 0) {
        const next = (dayIndex + 1) % WEEKDAYS.length;
        spans[next]!.push({ start: 0, end: range.end });
        owners[next]!.push({ day, index });
      }
      return undefined;
    });
  });
  const week = spans.map((daySpans, dayIndex) => {
    const order = daySpans.map((span, i) => ({ span, owner: owners[dayIndex]![i]! })).sort((a, b) => a.span.start - b.span.start);
    const merged: MinuteSpan[] = [];
    for (const { span, owner } of order) {
      const last = merged.at(-1);
      if (last && span.start < last.end) {
        const message = `"${days[owner.day][owner.index]}" overlaps another range open on ${WEEKDAYS[dayIndex]}`;
        if (!problems.some((p) => p.message === message)) problems.push({ ...owner, message });
      } else if (last && span.start === last.end) {
        merged[merged.length - 1] = { start: last.start, end: span.end };
      } else {
        merged.push(span);
      }
    }
    return merged;
  });
  if (problems.length > 0) return { problems };
  return { week };
}

/** Whether any minute of the week is open. */
export function hasOpenHours(week: WeeklyHours): boolean {
  return week.some((day) => day.length > 0);
}
