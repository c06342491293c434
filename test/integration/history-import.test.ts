// `firstline import` as a child process, from a temp folder, against real PostgreSQL and Redis (and
// once against the embedded database): what it stores, what it refuses, and that running workers
// pick the imported solutions up.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, resolveDatabaseTarget } from '../../src/infra/db/database.js';
import { runCli, startCli, type CliEnv } from '../helpers/cli.js';
import { useCliSandbox } from '../helpers/cli-sandbox.js';
import { querySql } from '../helpers/test-database.js';

const SLOW = 120_000;
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/history/${name}`, import.meta.url));

const sandbox = useCliSandbox('import');
const { tempDir, databaseUrl } = sandbox;

/** A fresh temp cwd with its own DATA_DIR and queue prefix, on the test database unless `env` says otherwise. */
const isolated = (env: CliEnv = {}) => sandbox.isolated({ DATABASE_URL: databaseUrl(), ...env });

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => querySql<T>(databaseUrl(), sql, params);

const ticketsWith = (ids: string[]) =>
  query<{
    id: string;
    externalId: string;
    status: string;
    source: string;
    message: string;
    response: string;
    responseSource: string;
    answerBasis: string;
    intent: string | null;
    labelledIntent: string | null;
    createdAt: Date;
    resolvedAt: Date;
    firstResponseAt: Date;
    requester: string | null;
  }>(
    `SELECT t.id, t."externalId", t.status, t.source, t.message, t.response, t."responseSource", t."answerBasis", t.intent, t."labelledIntent",
            t."createdAt", t."resolvedAt", t."firstResponseAt", u."displayName" AS requester
     FROM "Ticket" t JOIN "User" u ON u.id = t."requesterId" WHERE t."externalId" = ANY($1) ORDER BY t.number`,
    [ids],
  );

const countOf = async (sql: string) => Number((await query<{ n: string }>(sql))[0]!.n);

describe('firstline import on PostgreSQL', () => {
  it(
    'stores each row as a resolved ticket an agent answered, with its label, answer, external id and date',
    async () => {
      const result = await runCli(['import', fixture('conversations.csv')], isolated());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('conversations.csv: 3 rows read, 3 imported, 0 already imported.\n');

      const tickets = await ticketsWith(['helpdesk-1001', 'helpdesk-1002']);
      expect(tickets).toEqual([
        expect.objectContaining({
          externalId: 'helpdesk-1001',
          status: 'RESOLVED',
          source: 'API',
          message: 'How do I change the email address on my account?',
          response: 'Open Settings, then Account, and type the new address. We send a confirmation link to it.',
          answerBasis: 'Open Settings, then Account, and type the new address. We send a confirmation link to it.',
          responseSource: 'AGENT',
          intent: 'account_email',
          labelledIntent: 'account_email',
          createdAt: new Date('2025-01-14T10:02:00Z'),
          resolvedAt: new Date('2025-01-14T10:02:00Z'),
          firstResponseAt: new Date('2025-01-14T10:02:00Z'),
          requester: 'History import',
        }),
        expect.objectContaining({
          externalId: 'helpdesk-1002',
          message: 'The invoice for March says "draft" — is it final?',
          answerBasis:
            'Drafts become final on the 1st of the next month.\nYou can download the final PDF from Billing > Invoices after that.',
          labelledIntent: 'billing_question',
          createdAt: new Date('2025-02-03T00:00:00Z'),
        }),
      ]);
      // The row without external_id gets a derived one; without intent, no label.
      const [derived] = await query<{ externalId: string; labelledIntent: string | null; createdAt: Date }>(
        `SELECT "externalId", "labelledIntent", "createdAt" FROM "Ticket" WHERE message = 'My export keeps timing out'`,
      );
      expect(derived).toEqual({
        externalId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        labelledIntent: null,
        createdAt: new Date('2025-02-10T15:45:30Z'),
      });

      const events = await query<{ externalId: string; type: string; toStatus: string; actorType: string; data: unknown }>(
        `SELECT t."externalId", e.type, e."toStatus", e."actorType", e.data FROM "TicketEvent" e JOIN "Ticket" t ON t.id = e."ticketId" ORDER BY e.id`,
      );
      expect(events).toEqual([
        {
          externalId: 'helpdesk-1001',
          type: 'imported',
          toStatus: 'RESOLVED',
          actorType: 'SYSTEM',
          data: { file: 'conversations.csv', line: 2 },
        },
        {
          externalId: 'helpdesk-1002',
          type: 'imported',
          toStatus: 'RESOLVED',
          actorType: 'SYSTEM',
          data: { file: 'conversations.csv', line: 3 },
        },
        {
          externalId: derived!.externalId,
          type: 'imported',
          toStatus: 'RESOLVED',
          actorType: 'SYSTEM',
          data: { file: 'conversations.csv', line: 5 },
        },
      ]);
    },
    SLOW,
  );

  it(
    'importing the same file again stores nothing and reports every row as already imported',
    async () => {
      const before = await countOf('SELECT count(*) AS n FROM "Ticket"');
      const result = await runCli(['import', fixture('conversations.csv')], isolated());
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('conversations.csv: 3 rows read, 0 imported, 3 already imported.\n');
      expect(await countOf('SELECT count(*) AS n FROM "Ticket"')).toBe(before);
      expect(await countOf(`SELECT count(*) AS n FROM "TicketEvent" WHERE type = 'imported'`)).toBe(3);
      expect(await countOf(`SELECT count(*) AS n FROM "User" WHERE "displayName" = 'History import'`)).toBe(1);
    },
    SLOW,
  );

  it(
    'a file with one bad row imports nothing, names the line and exits 2',
    async () => {
      const result = await runCli(['import', fixture('one-bad-row.csv')], isolated());
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('one-bad-row.csv: 1 problem in 1 row; nothing was imported.\n  line 3: answer is empty\n');
      expect(result.stdout).toBe('');
      expect(await ticketsWith(['bad-file-1', 'bad-file-2', 'bad-file-3'])).toEqual([]);
    },
    SLOW,
  );

  it(
    '--dry-run counts what would be imported and writes nothing',
    async () => {
      const tickets = await countOf('SELECT count(*) AS n FROM "Ticket"');
      const events = await countOf('SELECT count(*) AS n FROM "TicketEvent"');
      const result = await runCli(['import', '--dry-run', fixture('conversations.jsonl')], isolated());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        'conversations.jsonl: 2 rows read, would import 2, 0 already imported (dry run: nothing was written).\n',
      );
      expect(await countOf('SELECT count(*) AS n FROM "Ticket"')).toBe(tickets);
      expect(await countOf('SELECT count(*) AS n FROM "TicketEvent"')).toBe(events);
    },
    SLOW,
  );

  it(
    'takes the format from --format when the extension does not say, and refuses to guess',
    async () => {
      const cwd = tempDir();
      const file = path.join(cwd, 'export.txt');
      copyFileSync(fixture('conversations.jsonl'), file);
      const guessed = await runCli(['import', file], isolated());
      expect(guessed.code).toBe(2);
      expect(guessed.stderr).toContain('Cannot tell the format of');
      expect(guessed.stderr).toContain('use --format csv|jsonl');

      const told = await runCli(['import', file, '--format', 'jsonl', '--dry-run'], isolated());
      expect(told.stderr).toBe('');
      expect(told.code).toBe(0);
      expect(told.stdout).toContain('export.txt: 2 rows read, would import 2, 0 already imported');
    },
    SLOW,
  );

  it(
    'tells a running worker, which reloads its solutions with the imported ones',
    async () => {
      const env = isolated();
      const worker = startCli(['worker'], env);
      const started = await worker.waitForLog((l) => l.msg === 'worker started');
      const built = worker.logs().find((l) => l.msg === 'similar-ticket index built');
      expect(started).toBeDefined();

      const result = await runCli(['import', fixture('more-conversations.jsonl')], { cwd: tempDir(), env: env.env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        'more-conversations.jsonl: 2 rows read, 2 imported, 0 already imported.\nRunning workers were told to load the imported solutions.\n',
      );

      const reloaded = await worker.waitForLog((l) => l.msg === 'similar-ticket index reloaded', 20_000);
      expect(reloaded.solutions).toBe(Number(built!.solutions) + 2);
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    },
    SLOW,
  );
});

describe('firstline import on the embedded database', () => {
  it(
    'stores the rows in DATA_DIR, and a second import stores nothing new',
    async () => {
      const env = isolated({ DATABASE_URL: undefined });
      const first = await runCli(['import', fixture('conversations.jsonl')], { ...env, timeoutMs: SLOW });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      // Nothing else can have the embedded database open, so there are no workers to tell.
      expect(first.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('{'))).toEqual([
        'conversations.jsonl: 2 rows read, 2 imported, 0 already imported.',
      ]);

      const second = await runCli(['import', fixture('conversations.jsonl')], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('conversations.jsonl: 2 rows read, 0 imported, 2 already imported.\n');

      const db = await openDatabase(resolveDatabaseTarget(undefined, env.env!.DATA_DIR!), { migrate: false });
      try {
        const rows = await db.query<{ externalId: string; status: string; labelledIntent: string | null }>(
          `SELECT "externalId", status, "labelledIntent" FROM "Ticket" ORDER BY number`,
          [],
        );
        expect(rows).toEqual([
          { externalId: 'chat-77', status: 'RESOLVED', labelledIntent: 'subscription_pause' },
          { externalId: expect.stringMatching(/^sha256:/), status: 'RESOLVED', labelledIntent: 'unknown' },
        ]);
      } finally {
        await db.close();
      }
    },
    SLOW * 2,
  );
});
