// `firstline replay` as a child process, from a temp folder: the threshold table from a history file,
// the same as one JSON document, bad files and arguments refused, and the deployment's own
// agent-resolved tickets replayed from real PostgreSQL without writing to it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useCliSandbox } from '../helpers/cli-sandbox.js';
import { querySql } from '../helpers/test-database.js';

const SLOW = 120_000;
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/history/${name}`, import.meta.url));
const HISTORY = fixture('replay-helpdesk.csv');
const THRESHOLDS = ['0.50', '0.55', '0.60', '0.65', '0.70', '0.75', '0.80', '0.85', '0.90', '0.95', '0.96', '0.97', '0.98', '0.99'];

const sandbox = useCliSandbox('replay');
/** A fresh temp cwd with its own DATA_DIR and queue prefix; no DATABASE_URL unless `env` gives one. */
const { isolated, databaseUrl } = sandbox;

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => querySql<T>(databaseUrl(), sql, params);

interface Figures {
  threshold: number;
  answered: number;
  right: number;
  coverage: number;
  precision: number | null;
}
interface ReplayJson {
  source: string;
  order: string;
  retrainEvery: number;
  rows: { total: number; warmup: number; counted: number };
  targetPrecision: number;
  thresholds: Figures[];
  recommended: Figures | null;
  perIntent: { threshold: number; intents: (Omit<Figures, 'threshold'> & { intent: string; rows: number })[] };
  neverAnswered: Record<string, number>;
}

describe('firstline replay FILE', () => {
  it(
    'prints what it replayed, the threshold table, the recommendation and the figures per intent, and touches no database',
    async () => {
      const env = isolated();
      const result = await runCli(['replay', HISTORY, '--retrain-every', '10'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = result.stdout;
      expect(out).toContain('Replayed 30 rows of replay-helpdesk.csv in order of created_at, learning as it went');
      expect(out).toContain('every 10 rows');
      expect(out).toContain('The first 10 rows are not counted (warm-up: little could have been learned yet); 20 rows counted.');
      expect(out).toMatch(/^threshold {3}answered {3}coverage {3}precision$/m);
      const tableRows = out.split('\n').filter((line) => /^0\.\d\d\s/.test(line));
      expect(tableRows.map((line) => line.split(/\s+/)[0])).toEqual(THRESHOLDS);
      for (const line of tableRows) expect(line).toMatch(/^0\.\d\d +\d+ +\d+\.\d % +(\d+\.\d %|–)$/);
      expect(out).toMatch(
        /Recommended: AUTO_RESOLVE_THRESHOLD=0\.\d\d, the lowest threshold with precision of at least 97\.0 %:\n {2}\d+ of 20 tickets/,
      );
      expect(out).toMatch(/By intent at 0\.\d\d /);
      expect(out).toMatch(/^timesheet_export +4 +\d+ /m);
      expect(out).toMatch(/^none +6 +\d+ /m);
      expect(existsSync(env.dataDir)).toBe(false);
    },
    SLOW,
  );

  it(
    '--json prints one JSON document with the table, the recommendation, the figures per intent and the rows counted',
    async () => {
      const result = await runCli(
        ['replay', HISTORY, '--retrain-every', '10', '--warmup', '6', '--target-precision', '0.99', '--json'],
        isolated(),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as ReplayJson;
      expect(report).toMatchObject({
        source: 'replay-helpdesk.csv',
        order: 'created_at',
        retrainEvery: 10,
        targetPrecision: 0.99,
        rows: { total: 30, warmup: 6, counted: 24 },
      });
      expect(report.thresholds.map((t) => t.threshold.toFixed(2))).toEqual(THRESHOLDS);
      for (const t of report.thresholds) {
        expect(t.coverage).toBeCloseTo(t.answered / 24, 10);
        if (t.answered > 0) expect(t.precision).toBeCloseTo(t.right / t.answered, 10);
      }
      // The history repeats its questions, so once their answers are known some are answered.
      expect(report.thresholds[0]!.answered).toBeGreaterThan(0);
      const meeting = report.thresholds.filter((t) => t.precision !== null && t.precision >= 0.99);
      expect(report.recommended).toEqual(meeting[0] ?? null);
      expect(report.perIntent.threshold).toBe(report.recommended?.threshold ?? 0.99);
      expect(report.perIntent.intents.map((i) => i.intent).sort()).toEqual([
        'feature_request',
        'guest_seats',
        'invoice_currency',
        'none',
        'timesheet_export',
      ]);
      expect(report.perIntent.intents.reduce((sum, i) => sum + i.rows, 0)).toBe(24);
    },
    SLOW,
  );

  it(
    'refuses a file with a bad row, naming its line, and exits 2 without replaying',
    async () => {
      const result = await runCli(['replay', fixture('replay-bad-intent.jsonl')], isolated());
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'replay-bad-intent.jsonl: 1 problem in 1 row; nothing was replayed.\n' +
          '  line 2: intent "Data Retention" is not an intent name: use "unknown" or lowercase snake_case of at most 64 characters, e.g. "refund_request"\n',
      );
    },
    SLOW,
  );
});

describe('firstline replay --from-db', () => {
  it(
    'replays the tickets agents resolved, oldest first, as the same history in a file would be, and writes nothing',
    async () => {
      const env = isolated({ DATABASE_URL: databaseUrl() });
      // The history as resolved tickets, plus two tickets agents did not resolve, which are not replayed.
      expect((await runCli(['import', HISTORY], env)).code).toBe(0);
      expect((await runCli(['import', fixture('more-conversations.jsonl')], env)).code).toBe(0);
      await query(
        `UPDATE "Ticket" SET status = CASE WHEN "externalId" = 'reload-1' THEN 'AUTO_RESOLVED'::"TicketStatus" ELSE 'ESCALATED'::"TicketStatus" END,
                             "responseSource" = CASE WHEN "externalId" = 'reload-1' THEN 'SIMILAR_TICKET'::"ResponseSource" ELSE "responseSource" END
          WHERE "externalId" NOT LIKE 'tb-%'`,
      );
      const counts = () =>
        query<{ tickets: string; events: string; candidates: string; models: string; users: string }>(
          `SELECT (SELECT count(*) FROM "Ticket") AS tickets, (SELECT count(*) FROM "TicketEvent") AS events,
                  (SELECT count(*) FROM "ReplyCandidate") AS candidates, (SELECT count(*) FROM "ClassifierModel") AS models,
                  (SELECT count(*) FROM "User") AS users`,
        );
      const before = await counts();

      const fromDb = await runCli(['replay', '--from-db', '--retrain-every', '10', '--json'], env);
      expect(fromDb.stderr).toBe('');
      expect(fromDb.code).toBe(0);
      const fromFile = await runCli(['replay', HISTORY, '--retrain-every', '10', '--json'], isolated());
      const { source, ...dbReport } = JSON.parse(fromDb.stdout) as ReplayJson;
      const { source: fileSource, ...fileReport } = JSON.parse(fromFile.stdout) as ReplayJson;
      expect(source).toBe('the PostgreSQL database');
      expect(fileSource).toBe('replay-helpdesk.csv');
      expect(dbReport.rows).toEqual({ total: 30, warmup: 10, counted: 20 });
      expect(dbReport).toEqual(fileReport);
      expect(await counts()).toEqual(before);
    },
    SLOW * 2,
  );

  it(
    'says there is nothing to replay when the embedded database does not exist, and creates none',
    async () => {
      const env = isolated();
      const result = await runCli(['replay', '--from-db'], env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`No embedded database in ${path.join(env.dataDir, 'pglite')}: nothing to replay.`);
      expect(existsSync(env.dataDir)).toBe(false);
    },
    SLOW,
  );
});
