// A history file's rows as raw records, each with the line it starts on, before they are validated
// (history-file.ts): CSV through csv-parse, JSONL a line at a time, and the problems that stop a
// file from being read at all (not UTF-8, broken quoting, a wrong header).
import { parse as parseCsv, CsvError } from 'csv-parse/sync';

export const HISTORY_COLUMNS = ['question', 'answer', 'intent', 'created_at', 'external_id'] as const;

export interface HistoryProblem {
  /** The line the row starts on (1 is a CSV file's header). */
  line: number;
  reason: string;
}

/** A value for messages: JSON-quoted, long text cut short. */
export const quoted = (value: unknown) =>
  JSON.stringify(typeof value === 'string' && value.length > 60 ? `${value.slice(0, 57)}...` : value);

export interface RawRecords {
  values: { line: number; value: unknown }[];
  problems: HistoryProblem[];
}

export function readJsonlRecords(text: string): RawRecords {
  const values: RawRecords['values'] = [];
  const problems: HistoryProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, index) => {
      const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (source.trim() === '') return;
      try {
        values.push({ line: index + 1, value: JSON.parse(source) as unknown });
      } catch (err) {
        problems.push({ line: index + 1, reason: `is not valid JSON (${(err as Error).message})` });
      }
    });
  return { values, problems };
}

const NEWLINE = 0x0a;

export function readCsvRecords(bytes: Buffer): RawRecords {
  // Records are counted in bytes by the parser; the line a record starts on is one more than the
  // newlines before its first byte, past any blank lines it skipped.
  let lineAtOffset = { offset: 0, line: 1 };
  const lineOf = (offset: number) => {
    let { line } = lineAtOffset;
    for (let i = lineAtOffset.offset; i < offset; i++) if (bytes[i] === NEWLINE) line++;
    lineAtOffset = { offset, line };
    return line;
  };
  const startOf = (offset: number) => {
    let at = offset;
    while (bytes[at] === NEWLINE || (bytes[at] === 0x0d && bytes[at + 1] === NEWLINE)) at += bytes[at] === NEWLINE ? 1 : 2;
    return lineOf(at);
  };

  let endOfLast = 0;
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parseCsv(bytes, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // A quote inside an unquoted field is kept as text, as spreadsheets write it.
      relax_quotes: true,
      record_delimiter: ['\r\n', '\n'],
      on_record: (record, context) => {
        endOfLast = context.bytes;
        return record;
      },
    }) as unknown as { record: string[]; info: { bytes: number } }[]; // `info: true` wraps each record
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // After broken quoting nothing further can be read reliably: report where the broken row starts.
    const reason =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'has a quoted field that is never closed (a missing closing quote)'
        : `cannot be read as CSV (${err.message})`;
    return { values: [], problems: [{ line: startOf(endOfLast), reason }] };
  }

  const [header, ...rows] = records;
  if (!header)
    return { values: [], problems: [{ line: 1, reason: `the file is empty; it needs a header row: ${HISTORY_COLUMNS.join(',')}` }] };
  const columns = header.record.map((name) => name.trim());
  const headerProblems = checkHeader(columns);
  if (headerProblems.length > 0) return { values: [], problems: headerProblems.map((reason) => ({ line: startOf(0), reason })) };

  const values: RawRecords['values'] = [];
  const problems: HistoryProblem[] = [];
  let previousEnd = header.info.bytes;
  for (const { record, info } of rows) {
    const line = startOf(previousEnd);
    previousEnd = info.bytes;
    if (record.length !== columns.length) {
      problems.push({
        line,
        reason: `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${columns.length} (a field with a comma must be in double quotes)`,
      });
      continue;
    }
    values.push({ line, value: Object.fromEntries(columns.map((name, i) => [name, record[i]])) });
  }
  return { values, problems };
}

function checkHeader(columns: string[]): string[] {
  const problems: string[] = [];
  const known: readonly string[] = HISTORY_COLUMNS;
  for (const required of ['question', 'answer']) {
    if (!columns.includes(required)) problems.push(`the header has no "${required}" column (it has: ${columns.join(', ')})`);
  }
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length > 0)
    problems.push(
      `the header has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => quoted(c)).join(', ')} (known: ${HISTORY_COLUMNS.join(', ')})`,
    );
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) problems.push(`the header repeats ${[...new Set(repeated)].map((c) => quoted(c)).join(', ')}`);
  return problems;
}

/** The line of the first byte sequence that is not UTF-8, or null when all of it is. */
export function firstInvalidUtf8Line(bytes: Buffer): number | null {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    // Find it: decode line by line, so the line is known.
    let line = 1;
    let start = 0;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === NEWLINE) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return 1;
  }
}
