// Labelled messages from a CSV file (header row; RFC 4180 quoting) or the CLINC150 JSON layout
// ({ "train": [[text, label], …], "oos_train": …}), for offline evaluation.
import { readFile } from 'node:fs/promises';
import type { LabelledText } from './intent-classifier.js';

export interface DatasetSpec {
  /** `path`, or `path#split,split` for the JSON layout. */
  spec: string;
  textColumn?: string;
  labelColumn?: string;
  /** Splits read from a JSON file when the spec names none. */
  defaultSplits: string[];
}

/** Parses CSV text into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export async function readLabelledFile({
  spec,
  textColumn = 'text',
  labelColumn = 'category',
  defaultSplits,
}: DatasetSpec): Promise<LabelledText[]> {
  const [file, splitList] = spec.split('#') as [string, string | undefined];
  const content = await readFile(file, 'utf8');
  if (file.endsWith('.json')) {
    const data = JSON.parse(content) as Record<string, unknown>;
    const splits = splitList ? splitList.split(',') : defaultSplits;
    return splits.flatMap((split) => {
      const rows = data[split];
      if (!Array.isArray(rows)) throw new Error(`${file} has no split "${split}" (it has: ${Object.keys(data).join(', ')})`);
      return rows.map((r: unknown) => {
        const [text, label] = r as [string, string];
        return { text, label };
      });
    });
  }
  const [header, ...rows] = parseCsv(content);
  if (!header) throw new Error(`${file} is empty`);
  const ti = header.indexOf(textColumn);
  const li = header.indexOf(labelColumn);
  if (ti < 0 || li < 0) {
    throw new Error(
      `${file}: needs columns "${textColumn}" and "${labelColumn}" (has: ${header.join(', ')}); use --text-column / --label-column`,
    );
  }
  return rows.map((r) => ({ text: r[ti] ?? '', label: r[li] ?? '' }));
}
