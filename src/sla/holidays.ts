// Holidays close whole local days of a business calendar. They come from a list of ISO dates, from an
// ICS file (ics-holidays.ts), or both; the calendar only asks whether a date is one.

/** Dates ("2026-12-25", in the calendar's time zone) on which nothing is open. */
export interface Holidays {
  has(isoDate: string): boolean;
  /** True when no date can be a holiday: the calendar may then skip asking. */
  readonly isEmpty: boolean;
}

export const NO_HOLIDAYS: Holidays = { has: () => false, isEmpty: true };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether text is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A fixed list of ISO dates. Throws on a date that is not YYYY-MM-DD (config validates first). */
export function holidaysFromDates(dates: Iterable<string>): Holidays {
  const set = new Set<string>();
  for (const date of dates) {
    if (!isIsoDate(date)) throw new RangeError(`holiday "${date}" is not a date like 2026-12-25`);
    set.add(date);
  }
  return { has: (isoDate) => set.has(isoDate), isEmpty: set.size === 0 };
}

/** A date is a holiday when any of the sources says so. */
export function combineHolidays(...sources: readonly Holidays[]): Holidays {
  const nonEmpty = sources.filter((source) => !source.isEmpty);
  if (nonEmpty.length === 0) return NO_HOLIDAYS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  return { has: (isoDate) => nonEmpty.some((source) => source.has(isoDate)), isEmpty: false };
}
