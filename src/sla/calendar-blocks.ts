// Business days placed in time, a block of 64 local days at once, and kept per calendar: each block's
// open spans as instants, ascending and apart, with running totals of open time. business-calendar.ts
// answers its questions from these with binary searches instead of walking days and asking the zone.
import { DateTime, IANAZone } from 'luxon';
import type { Holidays } from './holidays.js';
import type { WeeklyHours } from './weekly-hours.js';

/** What placing days needs of a calendar (a BusinessCalendar is one). */
export interface BlockCalendar {
  readonly timeZone: string;
  readonly week: WeeklyHours;
  readonly holidays: Holidays;
}

/**
 * BLOCK_DAYS consecutive local days of one calendar, placed in time once: their open spans as instants,
 * in order, and the open time up to the end of each, so open time between two instants is a difference
 * of two look-ups (binary searches) plus the totals of the blocks between.
 */
export interface Block {
  readonly index: number;
  /** The first instant of the block's first local day, and of the next block's (blocks tile time). */
  readonly startMs: number;
  readonly endMs: number;
  /** Open span i is [starts[i], ends[i]); spans are apart and ascending. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Open milliseconds in the block up to ends[i]. */
  readonly openUntil: Float64Array;
  readonly openMs: number;
  /** Every day closed (closed weekday or holiday): only a run of such blocks can reach MAX_CLOSED_DAYS. */
  readonly isClosed: boolean;
}

const DAY_MS = 86_400_000;
/** Local days per block: about two months, so a timer's range usually lies in one or two blocks. */
const BLOCK_DAYS = 64;
/** Blocks kept per calendar (about 22 years); the least recently used goes first. */
const MAX_BLOCKS = 128;

export class CalendarBlocks {
  private readonly zone: IANAZone;
  private readonly blocks = new Map<number, Block>();
  private last: Block | undefined;

  constructor(private readonly calendar: BlockCalendar) {
    this.zone = IANAZone.create(calendar.timeZone);
  }

  /** The block holding instant `ms`: the local date is within a day of the UTC date, so one step at most. */
  at(ms: number): Block {
    const block = this.get(Math.floor(Math.floor(ms / DAY_MS) / BLOCK_DAYS));
    if (ms < block.startMs) return this.get(block.index - 1);
    if (ms >= block.endMs) return this.get(block.index + 1);
    return block;
  }

  get(index: number): Block {
    if (this.last?.index === index) return this.last;
    let block = this.blocks.get(index);
    if (block) {
      this.blocks.delete(index); // re-inserted below: the Map's order is the order of use
    } else {
      block = placeBlock(this.calendar, this.zone, index);
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    }
    this.blocks.set(index, block);
    this.last = block;
    return block;
  }
}

const blockCaches = new WeakMap<BlockCalendar, CalendarBlocks>();

export function blocksOf(calendar: BlockCalendar): CalendarBlocks {
  let blocks = blockCaches.get(calendar);
  if (!blocks) blockCaches.set(calendar, (blocks = new CalendarBlocks(calendar)));
  return blocks;
}

/** Open milliseconds of the block before `ms` (which lies in it). */
export function openBefore(block: Block, ms: number): number {
  const span = firstAbove(block.ends, ms);
  if (span === block.ends.length) return block.openMs;
  const before = span > 0 ? block.openUntil[span - 1]! : 0;
  return before + Math.max(0, ms - block.starts[span]!);
}

/** The first index whose value is above `x` (values ascending); the length when none. */
export function firstAbove(values: Float64Array, x: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! > x) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The first index whose value is at least `x` (values ascending); the length when none. */
export function firstAtLeast(values: Float64Array, x: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! >= x) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Places the block's local days in time. Each midnight takes one offset look-up: the previous midnight's
 * offset is guessed and checked, and luxon places the midnight only when the guess fails (a change since).
 * The block's first and last midnights start from the offset at their UTC midnight instead, so that
 * neighbouring blocks agree on the instant they meet.
 */
function placeBlock(calendar: BlockCalendar, zone: IANAZone, index: number): Block {
  const firstDay = index * BLOCK_DAYS;
  const midnights: { startMs: number; offset: number }[] = [];
  for (let i = 0; i <= BLOCK_DAYS; i++) {
    const utcDateMs = (firstDay + i) * DAY_MS;
    const isEdge = i === 0 || i === BLOCK_DAYS;
    midnights.push(localMidnight(zone, utcDateMs, isEdge ? zone.offset(utcDateMs) : midnights[i - 1]!.offset));
  }
  const starts: number[] = [];
  const ends: number[] = [];
  let isClosed = true;
  for (let i = 0; i < BLOCK_DAYS; i++) {
    const utcDateMs = (firstDay + i) * DAY_MS;
    const weekdayIndex = (((firstDay + i + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday; Monday = 0
    if (!isOpenDay(calendar, utcDateMs, weekdayIndex)) continue;
    isClosed = false;
    const day = midnights[i]!;
    const next = midnights[i + 1]!;
    const stretches =
      day.offset === next.offset
        ? [{ from: day.startMs, to: next.startMs, offset: day.offset }] // no change within the day (at most one a day assumed)
        : splitAtOffsetChange(zone, day.startMs, next.startMs);
    for (const stretch of stretches) {
      for (const span of calendar.week[weekdayIndex]!) {
        const start = Math.max(stretch.from, utcDateMs + (span.start - stretch.offset) * 60_000);
        const end = Math.min(stretch.to, utcDateMs + (span.end - stretch.offset) * 60_000);
        if (end > start) {
          starts.push(start);
          ends.push(end);
        }
      }
    }
  }
  const openUntil = new Float64Array(starts.length);
  let openMs = 0;
  for (let i = 0; i < starts.length; i++) openUntil[i] = openMs += ends[i]! - starts[i]!;
  return {
    index,
    startMs: midnights[0]!.startMs,
    endMs: midnights[BLOCK_DAYS]!.startMs,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    openUntil,
    openMs,
    isClosed,
  };
}

/** Whether the local date (given as its UTC midnight) has hours and is no holiday. */
export function isOpenDay(calendar: BlockCalendar, utcDateMs: number, weekdayIndex: number): boolean {
  if (calendar.week[weekdayIndex]!.length === 0) return false;
  return calendar.holidays.isEmpty || !calendar.holidays.has(new Date(utcDateMs).toISOString().slice(0, 10));
}

/** The local date's first instant and the offset then (minutes), by checking a guessed offset once. */
function localMidnight(zone: IANAZone, utcDateMs: number, guessOffset: number): { startMs: number; offset: number } {
  const guess = utcDateMs - guessOffset * 60_000;
  const offset = zone.offset(guess);
  if (offset === guessOffset) return { startMs: guess, offset };
  const date = new Date(utcDateMs);
  const start = DateTime.fromObject({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, { zone });
  return { startMs: start.toMillis(), offset: start.offset };
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
