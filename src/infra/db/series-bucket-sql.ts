// Which bucket of a dashboard series a timestamp falls in, computed by the database.
import { Prisma } from '../../generated/prisma/client.js';
import type { SeriesRange } from '../../domain/metrics-series.js';

/**
 * The 0-based index of the bucket `column` falls in: whole bucket lengths since the range's start.
 * Arithmetic on epoch milliseconds rather than date_trunc, whose days (and hours, in zones offset by
 * half an hour) follow the session's TimeZone: this is UTC on any server, PostgreSQL or PGlite.
 */
export const bucketIndex = (column: string, range: Pick<SeriesRange, 'from' | 'bucketMs'>): Prisma.Sql =>
  Prisma.sql`floor((extract(epoch from ${Prisma.raw(column)}) * 1000 - ${range.from.getTime()}::numeric) / ${range.bucketMs}::numeric)::int`;
