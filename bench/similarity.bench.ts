// `node --import tsx bench/similarity.bench.ts`: what the similar-ticket index costs at 1,000,
// 10,000 and 100,000 resolved tickets: bulk-load time, heap, lookup latency, single updates.
// Documents are pairs of real train messages (banking77 + CLINC150, read by path, never copied),
// joined with a seeded PRNG so there are enough distinct ones and runs are repeatable; queries are
// other train messages, never part of any document. Writes bench/results/similarity.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readLabelledFile } from '../src/nlp/dataset-file.js';
import { SimilarTicketIndex } from '../src/nlp/similar-ticket-index.js';
import { collector, prng } from './lib/seeded.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The shared datasets folder sits beside the checkout (see its README). */
const DATASETS = process.env.BENCH_DATASETS ?? path.resolve(HERE, '../../shared/datasets');
const SIZES = [1_000, 10_000, 100_000];
const QUERIES = 1_000;
const WARM_UP = 200;
const UPDATES = 1_000;
const THRESHOLD = 0.7;

interface Payload {
  solution: string;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

async function trainMessages(): Promise<string[]> {
  const banking = await readLabelledFile({ spec: path.join(DATASETS, 'banking77/train.csv'), defaultSplits: [] });
  const clinc = await readLabelledFile({ spec: path.join(DATASETS, 'clinc150/data_full.json'), defaultSplits: ['train'] });
  return [...new Set([...banking, ...clinc].map((m) => m.text))];
}

function makeDocs(pool: readonly string[], count: number, random: () => number): { id: string; text: string; payload: Payload }[] {
  const pick = () => pool[Math.floor(random() * pool.length)]!;
  const texts = new Set<string>();
  while (texts.size < count) texts.add(`${pick()} ${pick()}`);
  return [...texts].map((text, i) => ({ id: `ticket-${i}`, text, payload: { solution: `solution of ticket-${i}` } }));
}

async function benchSize(
  size: number,
  pool: readonly string[],
  queries: readonly string[],
  gc: () => void,
): Promise<Record<string, unknown>> {
  const random = prng(size);
  const docs = makeDocs(pool, size, random);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new SimilarTicketIndex<Payload>();
  const loadStart = performance.now();
  index.load(docs);
  const loadMs = performance.now() - loadStart;
  gc();
  const indexHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  for (const q of queries.slice(0, WARM_UP)) index.search(q);
  const latencies: number[] = [];
  let aboveThreshold = 0;
  for (const q of queries) {
    const start = performance.now();
    const matches = index.search(q, 3);
    latencies.push(performance.now() - start);
    if ((matches[0]?.score ?? 0) >= THRESHOLD) aboveThreshold++;
  }
  latencies.sort((a, b) => a - b);

  // Incremental updates as in production: a ticket resolved (upsert), a solution demoted (remove).
  const upsertStart = performance.now();
  for (let i = 0; i < UPDATES; i++) index.upsert(`new-${i}`, pool[Math.floor(random() * pool.length)]!, { solution: 'new' });
  const upsertUs = ((performance.now() - upsertStart) / UPDATES) * 1000;
  const removeStart = performance.now();
  for (let i = 0; i < UPDATES; i++) index.remove(`ticket-${i}`);
  const removeUs = ((performance.now() - removeStart) / UPDATES) * 1000;

  return {
    documents: size,
    loadMs: round(loadMs, 0),
    indexHeapMb: round(indexHeapMb, 1),
    heapUsedMb: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
    lookupMedianMs: round(percentile(latencies, 0.5)),
    lookupP99Ms: round(percentile(latencies, 0.99)),
    lookupMeanMs: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    lookupMaxMs: round(latencies[latencies.length - 1]!),
    topScoreAtLeast0_7: round(aboveThreshold / queries.length),
    upsertMeanUs: round(upsertUs, 1),
    removeMeanUs: round(removeUs, 1),
  };
}

export async function runSimilarityBench(): Promise<Record<string, unknown>> {
  const gc = collector();
  const messages = await trainMessages();
  const shuffled = [...messages];
  const random = prng(42);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const queries = shuffled.slice(0, QUERIES);
  const pool = shuffled.slice(QUERIES);
  const rows: Record<string, unknown>[] = [];
  for (const size of SIZES) rows.push(await benchSize(size, pool, queries, gc));
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    documentSource: `pairs of ${pool.length} distinct banking77 + CLINC150 train messages`,
    queries: `${QUERIES} other train messages (after ${WARM_UP} warm-up lookups), limit 3`,
    rows,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSimilarityBench();
  console.table(result.rows);
  const out = path.join(HERE, 'results', 'similarity.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
