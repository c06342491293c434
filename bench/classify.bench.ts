// `node --import tsx bench/classify.bench.ts`: what intent classification costs. Trains the default
// pack's model and a Banking77 model (read from ../shared/datasets, or BENCH_BANKING77_DIR), times
// training, saving and restoring, then classifies messages one at a time for latency (median, p99,
// mean) and in a loop for throughput. Writes bench/results/classify.json plus a table on stdout.
// Single-threaded and CPU-bound: compare runs on the same, otherwise idle machine only.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WARM_UP = 200;

interface ModelRow {
  model: string;
  examples: number;
  intents: number;
  trainMs: number;
  stateBytes: number;
  restoreMs: number;
  messages: number;
  medianMs: number;
  p99Ms: number;
  meanMs: number;
  messagesPerSecond: number;
}

interface Classifier {
  predict(text: string): unknown;
  toState(): unknown;
  readonly labels: readonly string[];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

function timeClassifier(
  model: string,
  classifier: Classifier,
  restore: (state: never) => unknown,
  trainMs: number,
  examples: number,
  messages: readonly string[],
): ModelRow {
  const json = JSON.stringify(classifier.toState());
  const r0 = performance.now();
  restore(JSON.parse(json) as never);
  const restoreMs = performance.now() - r0;

  for (let i = 0; i < Math.min(WARM_UP, messages.length); i++) classifier.predict(messages[i]!);
  const each = messages.map((text) => {
    const t = performance.now();
    classifier.predict(text);
    return performance.now() - t;
  });
  const t0 = performance.now();
  for (const text of messages) classifier.predict(text);
  const loopMs = performance.now() - t0;

  const sorted = [...each].sort((a, b) => a - b);
  const round = (v: number, digits = 3) => Number(v.toFixed(digits));
  return {
    model,
    examples,
    intents: classifier.labels.length,
    trainMs: Math.round(trainMs),
    stateBytes: json.length,
    restoreMs: round(restoreMs, 1),
    messages: messages.length,
    medianMs: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    meanMs: round(each.reduce((a, b) => a + b, 0) / each.length),
    messagesPerSecond: Math.round(messages.length / (loopMs / 1000)),
  };
}

export async function runClassifyBench(): Promise<Record<string, unknown>> {
  const { IntentClassifier } = await import('../src/nlp/intent-classifier.js');
  const { readLabelledFile } = await import('../src/nlp/dataset-file.js');
  const { loadIntentPack } = await import('../src/intents/intent-pack.js');
  const { UNKNOWN_INTENT } = await import('../src/domain/decide.js');
  const restore = (state: never) => IntentClassifier.restore(state);
  const train = (data: { text: string; label: string }[]) => {
    const t = performance.now();
    const classifier = IntentClassifier.train(data);
    return { classifier, ms: performance.now() - t };
  };

  const banking77 = process.env.BENCH_BANKING77_DIR ?? fileURLToPath(new URL('../../shared/datasets/banking77/', import.meta.url));
  const hasBanking77 = existsSync(`${banking77}/train.csv`) && existsSync(`${banking77}/test.csv`);
  const b77Test = hasBanking77 ? await readLabelledFile({ spec: `${banking77}/test.csv`, defaultSplits: [] }) : [];

  const pack = await loadIntentPack();
  const packData = [
    ...pack.intents.flatMap((intent) => intent.examples.map((text) => ({ text, label: intent.name }))),
    ...pack.outOfScopeExamples.map((text) => ({ text, label: UNKNOWN_INTENT })),
  ];
  // Real customer messages when Banking77 is at hand, else the pack's own examples.
  const messages = b77Test.length > 0 ? b77Test.map((d) => d.text) : packData.map((d) => d.text);

  const rows: ModelRow[] = [];
  const packModel = train(packData);
  rows.push(timeClassifier('default pack', packModel.classifier, restore, packModel.ms, packData.length, messages));
  if (hasBanking77) {
    const b77Train = await readLabelledFile({ spec: `${banking77}/train.csv`, defaultSplits: [] });
    const b77Model = train(b77Train);
    rows.push(timeClassifier('Banking77', b77Model.classifier, restore, b77Model.ms, b77Train.length, messages));
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    messages: b77Test.length > 0 ? 'Banking77 test' : 'default pack examples',
    banking77: hasBanking77 ? banking77 : null,
    rows,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runClassifyBench();
  const outDir = new URL('./results/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(new URL('classify.json', outDir), `${JSON.stringify(result, null, 2)}\n`);
  const rows = result.rows as ModelRow[];
  const lines = [
    `classifying ${String(result.messages)} messages one at a time${result.banking77 === null ? ' (Banking77 not found: set BENCH_BANKING77_DIR)' : ''}`,
    '| model | examples | intents | train s | state MB | restore ms | median ms | p99 ms | mean ms | messages/s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.examples} | ${r.intents} | ${(r.trainMs / 1000).toFixed(1)} | ${(r.stateBytes / 1e6).toFixed(2)} | ${r.restoreMs} | ${r.medianMs} | ${r.p99Ms} | ${r.meanMs} | ${r.messagesPerSecond} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
