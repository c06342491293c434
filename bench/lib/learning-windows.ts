// The learning bench's figures per window of messages, from each message's outcome: shared by the
// live bench (learning.bench.ts) and its offline replay (learning-refit.ts).

/** The label of CLINC150's out-of-scope messages. */
export const OUT_OF_SCOPE = 'oos';

export interface Outcome {
  /** Position in the stream. */
  index: number;
  label: string;
  automatic: boolean;
  /** Answered automatically with the label's answer. */
  right: boolean;
}

export interface WindowRow {
  dataset: string;
  window: number;
  messages: number;
  automaticShare: number;
  precision: number | null;
  workloadRemoved: number;
  outOfScope: number;
  outOfScopeAnswered: number;
}

export function windowRows(dataset: string, outcomes: readonly Outcome[], size: number): WindowRow[] {
  const count = Math.max(0, ...outcomes.map((o) => o.index + 1));
  const rows: WindowRow[] = [];
  for (let w = 0; w * size < count; w++) {
    const slice = outcomes.filter((o) => Math.floor(o.index / size) === w);
    const automatic = slice.filter((o) => o.automatic);
    const oos = slice.filter((o) => o.label === OUT_OF_SCOPE);
    rows.push({
      dataset,
      window: w + 1,
      messages: slice.length,
      automaticShare: automatic.length / slice.length,
      precision: automatic.length === 0 ? null : automatic.filter((o) => o.right).length / automatic.length,
      workloadRemoved: slice.filter((o) => o.right).length / slice.length,
      outOfScope: oos.length,
      outOfScopeAnswered: oos.filter((o) => o.automatic).length,
    });
  }
  return rows;
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);

/** The rows as the bench prints them. */
export function printWindowRows(rows: readonly WindowRow[]): void {
  console.table(
    rows.map((r) => ({
      dataset: r.dataset,
      window: r.window,
      automatic: pct(r.automaticShare),
      precision: pct(r.precision),
      'workload removed': pct(r.workloadRemoved),
      'out-of-scope answered': r.outOfScope === 0 ? '–' : `${r.outOfScopeAnswered}/${r.outOfScope}`,
    })),
  );
}
