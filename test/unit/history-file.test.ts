import { describe, expect, it } from 'vitest';
import {
  DERIVED_ID_PREFIX,
  derivedExternalId,
  historyFormatOf,
  parseHistory,
  parseIsoDate,
  ZHistoryRow,
  type HistoryFormat,
} from '../../src/pipeline/history/history-file.js';

const HEADER = 'question,answer,intent,created_at,external_id';
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;
const jsonl = (...rows: unknown[]) => `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const parse = (text: string | Buffer, format: HistoryFormat = 'csv', maxQuestionChars = 4000) =>
  parseHistory(text, { format, maxQuestionChars });
/** The problems as "line: reason", for compact assertions. */
const problemsOf = (text: string | Buffer, format: HistoryFormat = 'csv', maxQuestionChars = 4000) =>
  parse(text, format, maxQuestionChars).problems.map((p) => `${p.line}: ${p.reason}`);

describe('history file format', () => {
  it.each([
    ['history.csv', 'csv'],
    ['EXPORT.CSV', 'csv'],
    ['a/b/chats.jsonl', 'jsonl'],
    ['chats.ndjson', 'jsonl'],
    ['chats.json', null],
    ['chats', null],
  ])('%s is read as %s', (file, format) => {
    expect(historyFormatOf(file)).toBe(format);
  });
});

describe('CSV history', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, and names each row by the line it starts on', () => {
    const { rows, problems } = parse(
      csv(
        '"Where is my invoice, the one from May?","Under Billing > Invoices.\nEach one has a ""Download"" link.",billing_question,2024-05-02T08:15:00Z,t-1',
        '',
        'How do I leave a team?,"Ask a team admin to remove you, or use Team > Leave.",,2024-05-03,',
        'plain question,plain answer,unknown,,t-3',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        question: 'Where is my invoice, the one from May?',
        answer: 'Under Billing > Invoices.\nEach one has a "Download" link.',
        intent: 'billing_question',
        createdAt: new Date('2024-05-02T08:15:00Z'),
        externalId: 't-1',
        isExternalIdDerived: false,
      },
      {
        line: 5,
        question: 'How do I leave a team?',
        answer: 'Ask a team admin to remove you, or use Team > Leave.',
        intent: null,
        createdAt: new Date('2024-05-03T00:00:00Z'),
        externalId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        isExternalIdDerived: true,
      },
      {
        line: 6,
        question: 'plain question',
        answer: 'plain answer',
        intent: 'unknown',
        createdAt: null,
        externalId: 't-3',
        isExternalIdDerived: false,
      },
    ]);
  });

  it('accepts a byte-order mark, CRLF line ends, columns in any order and only the required ones', () => {
    const { rows, problems } = parse('\uFEFFanswer,question\r\n"Yes, on every plan.",Is there an API?\r\n\r\nNo.,Is there a fax line?\r\n');
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.question, r.answer])).toEqual([
      [2, 'Is there an API?', 'Yes, on every plan.'],
      [4, 'Is there a fax line?', 'No.'],
    ]);
  });

  it('trims the text and treats blank optional cells as absent', () => {
    const [row] = parse(csv('  Can I export to PDF?  ,"  Yes, from the Share menu.  ",  ,  ,  ')).rows;
    expect(row).toMatchObject({
      question: 'Can I export to PDF?',
      answer: 'Yes, from the Share menu.',
      intent: null,
      createdAt: null,
      isExternalIdDerived: true,
    });
  });

  it('reads a header-only file as no rows', () => {
    expect(parse(`${HEADER}\n`)).toEqual({ rows: [], problems: [] });
  });

  it('names every bad row by its line with the reason, and returns only the good rows', () => {
    const text = csv(
      'Fine question,Fine answer,,,ok-1', // 2
      ',An answer without a question,,,', // 3
      'A question without an answer,,,,', // 4
      'When was this?,Long ago.,,yesterday,', // 5
      'Which plan?,The big one.,Billing-Plan,,', // 6
      `Too long an intent?,Yes.,${'a'.repeat(65)},,`, // 7
      'Again the first id?,Yes.,,,ok-1', // 8
      'A NUL\u0000 in here,Rejected.,,,', // 9
      'Too, many, fields,here,,,', // 10
      '"Spans', // 11
      'two lines",but is fine,,2024-02-30,', // 12 (continues row 11, whose date does not exist)
    );
    expect(problemsOf(text)).toEqual([
      '3: question is empty',
      '4: answer is empty',
      '5: created_at "yesterday" is not an ISO 8601 date or date-time, e.g. 2024-03-01 or 2024-03-01T09:30:00Z',
      '6: intent "Billing-Plan" is not an intent name: use "unknown" or lowercase snake_case of at most 64 characters, e.g. "refund_request"',
      `7: intent "${'a'.repeat(57)}..." is not an intent name: use "unknown" or lowercase snake_case of at most 64 characters, e.g. "refund_request"`,
      '8: external_id "ok-1" is already used on line 2',
      '9: question contains a NUL character (U+0000), which cannot be stored',
      '10: has 7 fields, the header has 5 (a field with a comma must be in double quotes)',
      '11: created_at "2024-02-30" is not an ISO 8601 date or date-time, e.g. 2024-03-01 or 2024-03-01T09:30:00Z',
    ]);
    expect(parse(text).rows.map((r) => r.line)).toEqual([2]);
  });

  it('limits the question to MAX_MESSAGE_CHARS and the answer to 4000 characters', () => {
    expect(problemsOf(csv(`${'q'.repeat(101)},short,,,`), 'csv', 100)).toEqual(['2: question is longer than 100 characters']);
    expect(problemsOf(csv(`${'q'.repeat(100)},short,,,`), 'csv', 100)).toEqual([]);
    expect(problemsOf(csv(`short,${'a'.repeat(4001)},,,`))).toEqual(['2: answer is longer than 4000 characters']);
    expect(problemsOf(csv(`short,${'a'.repeat(4000)},,,`))).toEqual([]);
  });

  it('names a quoted field that is never closed at the line its row starts on', () => {
    expect(problemsOf(csv('First,row,,,', 'Second,row,,,', '"Opened but never closed,row,,,', 'Last,row,,,'))).toEqual([
      '4: has a quoted field that is never closed (a missing closing quote)',
    ]);
  });

  it('refuses a header without question or answer, with unknown or repeated columns', () => {
    expect(problemsOf('question,reply,Intent,question\nq,a,b,c\n')).toEqual([
      '1: the header has no "answer" column (it has: question, reply, Intent, question)',
      '1: the header has unknown columns "reply", "Intent" (known: question, answer, intent, created_at, external_id)',
      '1: the header repeats "question"',
    ]);
    expect(problemsOf('')).toEqual(['1: the file is empty; it needs a header row: question,answer,intent,created_at,external_id']);
  });

  it('refuses text that is not UTF-8, naming its line', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\nfine,row,,,\n`),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      Buffer.from(',latin-1,,,\n'),
    ]);
    expect(problemsOf(bytes)).toEqual(['3: is not UTF-8 text; save the file as UTF-8']);
  });
});

describe('JSONL history', () => {
  it('reads one object a line, skipping blank lines, with numbers as external ids', () => {
    const { rows, problems } = parse(
      jsonl(
        {
          question: 'Can I change my username?',
          answer: 'Once a year, in Profile.',
          intent: 'account_settings',
          created_at: '2024-06-01T12:00:00+02:00',
          external_id: 'c-9',
        },
        '',
        { question: 'Do you have a status page?', answer: 'Yes: status.example.com.', external_id: 4711, intent: null },
      ),
      'jsonl',
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 1,
        question: 'Can I change my username?',
        answer: 'Once a year, in Profile.',
        intent: 'account_settings',
        createdAt: new Date('2024-06-01T10:00:00Z'),
        externalId: 'c-9',
        isExternalIdDerived: false,
      },
      {
        line: 3,
        question: 'Do you have a status page?',
        answer: 'Yes: status.example.com.',
        intent: null,
        createdAt: null,
        externalId: '4711',
        isExternalIdDerived: false,
      },
    ]);
  });

  it('names every bad line with the reason', () => {
    const text = jsonl(
      { answer: 'No question here.' }, // 1
      { question: 'No answer here?', answer: '   ' }, // 2
      '{"question": "Broken JSON?", ', // 3
      '["an", "array"]', // 4
      { question: 'Extra field?', answer: 'Yes.', agent: 'sam' }, // 5
      { question: 'A number?', answer: 42 }, // 6
      { question: 'First', answer: 'one', external_id: 'x' }, // 7
      { question: 'Second', answer: 'one', external_id: 'x', created_at: '2024-13-01' }, // 8
    );
    expect(problemsOf(text, 'jsonl')).toEqual([
      '1: question is missing',
      '2: answer is empty',
      expect.stringMatching(/^3: is not valid JSON \(.+\)$/),
      '4: must be a JSON object',
      '5: has unknown field "agent" (known: question, answer, intent, created_at, external_id)',
      '6: answer must be text',
      '8: external_id "x" is already used on line 7',
      '8: created_at "2024-13-01" is not an ISO 8601 date or date-time, e.g. 2024-03-01 or 2024-03-01T09:30:00Z',
    ]);
  });
});

describe('derived external ids', () => {
  const row = {
    question: 'How do I reset my password?',
    answer: 'Use "Forgot password" on the login page.',
    createdAt: new Date('2024-01-01T00:00:00Z'),
  };

  it('are the same for the same question, answer and date, in every file format', () => {
    const fromCsv = parse(csv(`${row.question},"${row.answer.replace(/"/g, '""')}",,2024-01-01,`)).rows[0]!;
    const fromJsonl = parse(jsonl({ question: row.question, answer: row.answer, created_at: '2024-01-01T00:00:00Z' }), 'jsonl').rows[0]!;
    expect(fromCsv.externalId).toBe(derivedExternalId(row));
    expect(fromJsonl.externalId).toBe(fromCsv.externalId);
    expect(fromCsv.externalId.startsWith(DERIVED_ID_PREFIX)).toBe(true);
  });

  it('differ when the question, the answer or the date differs', () => {
    const ids = new Set([
      derivedExternalId(row),
      derivedExternalId({ ...row, question: `${row.question}!` }),
      derivedExternalId({ ...row, answer: `${row.answer}!` }),
      derivedExternalId({ ...row, createdAt: null }),
      derivedExternalId({ ...row, createdAt: new Date('2024-01-02T00:00:00Z') }),
    ]);
    expect(ids.size).toBe(5);
  });
});

describe('ISO 8601 dates', () => {
  it.each([
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-03-01T09:30', '2024-03-01T09:30:00.000Z'],
    ['2024-03-01T09:30:15Z', '2024-03-01T09:30:15.000Z'],
    ['2024-03-01T09:30:15.1234Z', '2024-03-01T09:30:15.123Z'],
    ['2024-03-01T09:30:00+02:00', '2024-03-01T07:30:00.000Z'],
    ['2024-03-01T09:30:00-0530', '2024-03-01T15:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(iso);
  });

  it.each(['2023-02-29', '2024-04-31', '2024-03-01T24:00', '2024-03-01 09:30', '03/01/2024', '1709285400', 'now'])(
    '%s is refused',
    (text) => {
      expect(parseIsoDate(text)).toBeNull();
    },
  );
});

describe('ZHistoryRow', () => {
  it('parses one row object on its own (for other readers of the format)', () => {
    expect(ZHistoryRow.parse({ question: ' Q ', answer: 'A', intent: '', created_at: '2024-01-01', external_id: ' e-1 ' })).toEqual({
      question: 'Q',
      answer: 'A',
      intent: null,
      createdAt: new Date('2024-01-01T00:00:00Z'),
      externalId: 'e-1',
    });
    expect(ZHistoryRow.safeParse({ question: 'Q' }).success).toBe(false);
  });
});
