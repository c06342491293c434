// `firstline replay` in process: the arguments it refuses (before reading anything), and how its text
// reads when no threshold is safe enough and when the history came from the database.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runReplayCommand } from '../../src/bin/replay-command.js';
import { describeReplay } from '../../src/bin/replay-output.js';
import { loadConfig } from '../../src/config/config.js';
import type { ReplayOutcome } from '../../src/pipeline/replay/replay-history.js';
import { reportReplay } from '../../src/pipeline/replay/replay-report.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } };
  const code = await runReplayCommand(loadConfig({ DATA_DIR: '/nonexistent/firstline-replay-test' }), pino({ level: 'silent' }), args, out);
  return { code, stdout, stderr };
}

const outcome = (confidence: number | null, isRight: boolean, intent = 'none'): ReplayOutcome => ({
  index: 0,
  intent,
  isEligible: confidence !== null,
  reason: confidence === null ? 'no_reply_available' : null,
  confidence,
  floor: 0,
  isRight,
});

describe('firstline replay arguments', () => {
  it.each([
    [[], 'Give one file to replay, or --from-db.'],
    [['a.csv', 'b.csv'], 'Give one file to replay, or --from-db.'],
    [['a.csv', '--target-precision', '1.5'], '--target-precision must be a number in (0, 1], e.g. 0.97 (got "1.5")'],
    [['a.csv', '--target-precision', 'high'], '--target-precision must be a number in (0, 1], e.g. 0.97 (got "high")'],
    [['a.csv', '--retrain-every', '0'], '--retrain-every must be a whole number of rows, at least 1 (got "0")'],
    [['a.csv', '--warmup=-3'], '--warmup must be a whole number of rows (got "-3")'],
    [['a.csv', '--warmup', 'ten'], '--warmup must be a whole number of rows (got "ten")'],
    [['a.csv', '--from-db'], '--from-db reads the database: give no file and no --format.'],
    [['--from-db', '--format', 'csv'], '--from-db reads the database: give no file and no --format.'],
    [['a.txt'], 'Cannot tell the format of a.txt from its extension (.csv, .jsonl, .ndjson); use --format csv|jsonl.'],
    [['a.csv', '--format', 'xlsx'], '--format must be csv or jsonl (got "xlsx")'],
    [['a.csv', '--threshold', '0.9'], "Unknown option '--threshold'"],
  ])('refuses %j with exit 2, saying why and how to call it', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: firstline replay <file>');
  });

  it('cannot read a missing file: exit 2 naming it', async () => {
    const result = await run(['/nonexistent/history.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Cannot read \/nonexistent\/history\.csv: /);
  });
});

describe('firstline replay text', () => {
  const context = { source: { kind: 'file' as const, name: 'history.csv' }, isByDate: false, retrainEvery: 200, currentThreshold: 0.9 };

  it('says plainly when no threshold meets the target, with the best one there is', () => {
    const report = reportReplay([outcome(0.99, true), outcome(0.99, false), outcome(0.7, true), outcome(null, false)], {
      targetPrecision: 0.97,
      warmup: 0,
    });
    const text = describeReplay(report, context);
    expect(text).toContain('in file order (not every row has created_at)');
    expect(text).toContain('No threshold reaches a precision of 97.0 % (the best is 66.7 % at 0.50, 3 answers).');
    expect(text).toContain('keep a person on every ticket');
    expect(text).not.toContain('Recommended');
    expect(text).toContain('By intent at 0.99');
    expect(text).toContain('1 ticket (25.0 %) would have gone to a person at any threshold: 1 no_reply_available.');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
  });

  it('names the database it read, and says when the warm-up left nothing to count', () => {
    const report = reportReplay([outcome(0.99, true)], { targetPrecision: 0.97, warmup: 200 });
    const text = describeReplay(report, { ...context, isByDate: true, source: { kind: 'database', name: 'the PostgreSQL database' } });
    expect(text).toContain('Replayed 1 row of tickets agents resolved in the PostgreSQL database in order of created_at');
    expect(text).toContain('The first row is not counted');
    expect(text).toContain('Nothing was counted: give a longer history, or a smaller --warmup.');
  });
});
