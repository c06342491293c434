// Past support conversations in a file: CSV (header row, RFC 4180 quoting) or JSONL (one JSON object
// a line), with the columns question, answer and optionally intent, created_at, external_id. Read by
// `firstline import` (and the replay of history). Pure: text in, rows and every problem out, each
// problem named by the line its row starts on, so a file can be fixed in one go.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { firstInvalidUtf8Line, HISTORY_COLUMNS, quoted, readCsvRecords, readJsonlRecords, type HistoryProblem } from './history-records.js';

export { HISTORY_COLUMNS, type HistoryProblem };

export const HISTORY_FORMATS = ['csv', 'jsonl'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export const MAX_ANSWER_CHARS = 4000;
export const MAX_INTENT_CHARS = 64;
/** As long as the API allows for an integration's customer id. */
export const MAX_EXTERNAL_ID_CHARS = 200;
/** Derived external ids start with this; see {@link derivedExternalId}. */
export const DERIVED_ID_PREFIX = 'sha256:';

/** The format a file name implies (.csv, .jsonl, .ndjson), or null. */
export function historyFormatOf(fileName: string): HistoryFormat | null {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

// The intent pack's rule for names (plus `unknown`, which it reserves and which matches it too).
const INTENT_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
// ISO 8601 as exports write it: a date, or a date-time with or without seconds, fraction and offset.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The instant an ISO 8601 date (UTC midnight) or date-time (UTC when it has no offset) names, or null. */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7];
  const offset = m[8];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2024-02-30 over into March; a real date survives the round trip.
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (offset !== undefined && offset !== 'Z') {
    const digits = offset.slice(1).replace(':', ''); // +HH, +HHMM or +HH:MM
    const hh = Number(digits.slice(0, 2));
    const mm = Number(digits.slice(2) || '0');
    if (hh > 23 || mm > 59) return null;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (hh * 60 + mm);
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return new Date(utc.getTime() + millis - offsetMinutes * 60_000);
}

const blankIsAbsent = (value: unknown) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value);

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be text') })
    .refine((s) => !s.includes('\u0000'), 'contains a NUL character (U+0000), which cannot be stored')
    .trim()
    .min(1, 'is empty')
    .max(max, `is longer than ${max} characters`);

const optionalText = (inner: z.ZodType<string | undefined>) => z.preprocess(blankIsAbsent, inner);

/**
 * One row of a history file, for a question length limit (MAX_MESSAGE_CHARS). Blank optional values
 * count as absent. The external id is resolved later, by {@link parseHistory}.
 */
export function historyRowSchema(maxQuestionChars: number) {
  return z
    .strictObject({
      question: text(maxQuestionChars),
      answer: text(MAX_ANSWER_CHARS),
      intent: optionalText(
        z
          .string({ error: 'must be text' })
          .trim()
          .refine((s) => s.length <= MAX_INTENT_CHARS && INTENT_NAME.test(s), {
            error: (issue) =>
              `${quoted(issue.input)} is not an intent name: use "unknown" or lowercase snake_case of at most ${MAX_INTENT_CHARS} characters, e.g. "refund_request"`,
          })
          .optional(),
      ),
      created_at: optionalText(
        z
          .string({ error: 'must be text' })
          .trim()
          .refine((s) => parseIsoDate(s) !== null, {
            error: (issue) => `${quoted(issue.input)} is not an ISO 8601 date or date-time, e.g. 2024-03-01 or 2024-03-01T09:30:00Z`,
          })
          .optional(),
      ),
      external_id: optionalText(
        z
          .union([z.string(), z.number().int().transform(String)], { error: 'must be text' })
          .pipe(z.string().trim().max(MAX_EXTERNAL_ID_CHARS, `is longer than ${MAX_EXTERNAL_ID_CHARS} characters`))
          .optional(),
      ),
    })
    .transform((row) => ({
      question: row.question,
      answer: row.answer,
      intent: row.intent ?? null,
      createdAt: row.created_at === undefined ? null : parseIsoDate(row.created_at),
      externalId: row.external_id ?? null,
    }));
}

/** A history row with MAX_MESSAGE_CHARS at its default (4000). */
export const ZHistoryRow = historyRowSchema(4000);
export type HistoryRowValues = z.output<typeof ZHistoryRow>;

/** A valid row, where it is in the file, and the id a ticket made from it is known by. */
export interface HistoryRow extends Omit<HistoryRowValues, 'externalId'> {
  line: number;
  /** The row's external_id, or {@link derivedExternalId} when it has none. */
  externalId: string;
  isExternalIdDerived: boolean;
}

export interface ParsedHistory {
  rows: HistoryRow[];
  /** Empty when every row is valid. */
  problems: HistoryProblem[];
}

export interface ParseHistoryOptions {
  format: HistoryFormat;
  maxQuestionChars: number;
}

/**
 * The id of a row without external_id: the same conversation gets the same id in every file and
 * every run, so importing it again changes nothing.
 */
export function derivedExternalId(row: Pick<HistoryRowValues, 'question' | 'answer' | 'createdAt'>): string {
  const material = JSON.stringify([row.question, row.answer, row.createdAt?.toISOString() ?? '']);
  return `${DERIVED_ID_PREFIX}${createHash('sha256').update(material).digest('hex')}`;
}

/** Every row of a history file, or every problem with it. */
export function parseHistory(content: Buffer | string, options: ParseHistoryOptions): ParsedHistory {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const badByte = firstInvalidUtf8Line(bytes);
  if (badByte !== null) return { rows: [], problems: [{ line: badByte, reason: 'is not UTF-8 text; save the file as UTF-8' }] };

  const records = options.format === 'csv' ? readCsvRecords(bytes) : readJsonlRecords(bytes.toString('utf8'));
  const schema = historyRowSchema(options.maxQuestionChars);
  const problems: HistoryProblem[] = [...records.problems];
  const rows: HistoryRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, value } of records.values) {
    // Named even on a row with other problems, so one pass finds every repeat.
    const givenId = rawExternalId(value);
    const first = givenId === null ? undefined : firstLineOf.get(givenId);
    if (first !== undefined) problems.push({ line, reason: `external_id ${quoted(givenId)} is already used on line ${first}` });
    else if (givenId !== null) firstLineOf.set(givenId, line);

    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, reason: describeIssue(issue) });
      continue;
    }
    if (first !== undefined) continue;
    const { externalId, ...values } = parsed.data;
    rows.push({ ...values, line, externalId: externalId ?? derivedExternalId(values), isExternalIdDerived: externalId === null });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}

/** A record's external_id as the schema will read it, or null when it has none (or a malformed one). */
function rawExternalId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>).external_id;
  const text = typeof id === 'number' && Number.isInteger(id) ? String(id) : typeof id === 'string' ? id.trim() : '';
  return text === '' ? null : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => quoted(k)).join(', ')} (known: ${HISTORY_COLUMNS.join(', ')})`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) return 'must be a JSON object';
  return issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message;
}
