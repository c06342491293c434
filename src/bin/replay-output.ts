// `firstline replay`'s text output: what was replayed and how, the threshold table, the
// recommendation and the same per intent, for a person choosing AUTO_RESOLVE_THRESHOLD.
import type { IntentFigures, ReplayReport, ThresholdFigures } from '../pipeline/replay/replay-report.js';

export interface ReplaySource {
  kind: 'file' | 'database';
  /** The file's name, or which database. */
  name: string;
}

export interface ReplayContext {
  source: ReplaySource;
  isByDate: boolean;
  retrainEvery: number;
  /** AUTO_RESOLVE_THRESHOLD as configured now. */
  currentThreshold: number;
}

const WIDTH = 100;
/** Intents listed in the text (--json lists them all). */
const MAX_INTENTS_SHOWN = 30;

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // The first column reads as a label (left), the rest as figures (right).
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('   ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Prose in lines of at most WIDTH characters. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}

const figureCells = (f: Omit<ThresholdFigures, 'threshold'>): string[] => [count(f.answered), percent(f.coverage), percent(f.precision)];

function warmupSentence({ warmup, counted }: ReplayReport['rows']): string {
  if (warmup === 0) return `No warm-up: ${plural(counted, 'row')} counted.`;
  const left = warmup === 1 ? 'The first row is' : `The first ${count(warmup)} rows are`;
  return `${left} not counted (warm-up: little could have been learned yet); ${plural(counted, 'row')} counted.`;
}

export function describeReplay(report: ReplayReport, context: ReplayContext): string {
  const { rows, targetPrecision, recommended } = report;
  const from = context.source.kind === 'file' ? context.source.name : `tickets agents resolved in ${context.source.name}`;
  const order = context.isByDate ? 'in order of created_at' : 'in file order (not every row has created_at)';
  const lines = [
    ...wrap(
      `Replayed ${plural(rows.total, 'row')} of ${from} ${order}, learning as it went: each question was analysed with what had ` +
        `been learned before it was asked, then its answer became known, as an agent's answer would make it known. The ` +
        `classifier was retrained and answer confidence refitted every ${plural(context.retrainEvery, 'row')}.`,
    ),
    ...wrap(warmupSentence(rows)),
    '',
  ];
  if (rows.counted === 0) {
    lines.push('Nothing was counted: give a longer history, or a smaller --warmup.', '');
    return lines.join('\n');
  }

  lines.push(
    'answered: tickets that would have been answered automatically; coverage: their share of the rows counted;',
    'precision: the share of those answers that were the answer actually given.',
    '',
    ...table(
      ['threshold', 'answered', 'coverage', 'precision'],
      report.thresholds.map((t) => [t.threshold.toFixed(2), ...figureCells(t)]),
    ),
    '',
  );

  const target = percent(targetPrecision);
  if (recommended) {
    lines.push(
      `Recommended: AUTO_RESOLVE_THRESHOLD=${recommended.threshold.toFixed(2)}, the lowest threshold with precision of at least ${target}:`,
      `  ${count(recommended.answered)} of ${count(rows.counted)} tickets (${percent(recommended.coverage)}) answered automatically, ${percent(recommended.precision)} of them right.`,
    );
  } else {
    const best = [...report.thresholds]
      .filter((t) => t.precision !== null)
      .sort((a, b) => b.precision! - a.precision! || a.threshold - b.threshold)[0];
    lines.push(
      ...wrap(
        `No threshold reaches a precision of ${target}` +
          `${best ? ` (the best is ${percent(best.precision)} at ${best.threshold.toFixed(2)}, ${plural(best.answered, 'answer')})` : ': nothing would have been answered'}. ` +
          'Answering automatically would not be safe on this history yet: keep a person on every ticket, or replay again with more history.',
      ),
    );
  }
  lines.push(`  (AUTO_RESOLVE_THRESHOLD is ${context.currentThreshold} now.)`, '');

  const { threshold, intents } = report.perIntent;
  lines.push(`By intent at ${threshold.toFixed(2)} (the row's intent; none: the row had no intent):`);
  const shown = intents.slice(0, MAX_INTENTS_SHOWN);
  lines.push(
    ...table(
      ['intent', 'rows', 'answered', 'coverage', 'precision'],
      shown.map((i: IntentFigures) => [i.intent, count(i.rows), ...figureCells(i)]),
    ),
  );
  if (intents.length > shown.length) lines.push(`… and ${plural(intents.length - shown.length, 'more intent')} (--json lists every one)`);
  lines.push('');

  const never = Object.entries(report.neverAnswered).sort((a, b) => b[1] - a[1]);
  const neverTotal = never.reduce((sum, [, n]) => sum + n, 0);
  if (neverTotal > 0) {
    lines.push(
      ...wrap(
        `${plural(neverTotal, 'ticket')} (${percent(neverTotal / rows.counted)}) would have gone to a person at any threshold: ` +
          `${never.map(([reason, n]) => `${count(n)} ${reason}`).join(', ')}.`,
      ),
      '',
    );
  }
  return lines.join('\n');
}
