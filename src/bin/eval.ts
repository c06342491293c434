// `npm run eval -- --train FILE --test FILE [--text-column C] [--label-column L] [--target-precision 0.98] [--json]`
//   Trains on --train, picks the threshold for the target precision on the out-of-fold predictions
//   of --train, and reports figures on --test. JSON files use the CLINC150 layout: FILE#split,split.
// `npm run eval -- --pack [FILE] [--folds 5] [--target-precision 0.98] [--json]`
//   Cross-validates an intent pack (the default pack without FILE): every example is predicted by a
//   model trained on the other folds, and the threshold is chosen inside each fold on its training part.
// `npm run eval -- --kb [FILE] [--json]`: passage retrieval and abstention on StackFAQ (see eval-kb.ts).
import { parseArgs } from 'node:util';
import { readLabelledFile } from '../nlp/dataset-file.js';
import { crossValidate } from '../nlp/cross-validate.js';
import {
  accuracy,
  macroF1,
  ownThresholdRow,
  perLabelFigures,
  thresholdForPrecision,
  thresholdRow,
  type ScoredPrediction,
  type ThresholdRow,
} from '../nlp/evaluation.js';
import { UNKNOWN_INTENT } from '../domain/decide.js';
import { loadIntentPack } from '../intents/intent-pack.js';
import { IntentClassifier, type LabelledText } from '../nlp/intent-classifier.js';
import { evaluateKnowledgeBase } from './eval-kb.js';

const REPORTED_THRESHOLDS = [0.5, 0.6, 0.75, 0.9];
const USAGE = [
  'usage: npm run eval -- --train FILE[#splits] --test FILE[#splits] [--text-column C] [--label-column L] [--target-precision 0.98] [--json]',
  '       npm run eval -- --pack [FILE] [--folds 5] [--target-precision 0.98] [--json]',
  '       npm run eval -- --kb [FILE] [--json]',
].join('\n');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    train: { type: 'string' },
    test: { type: 'string' },
    pack: { type: 'boolean', default: false },
    kb: { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    'text-column': { type: 'string' },
    'label-column': { type: 'string' },
    'target-precision': { type: 'string', default: '0.98' },
    json: { type: 'boolean', default: false },
  },
});
const target = Number(values['target-precision']);
const folds = Number(values.folds);
const isPackMode = values.pack && positionals.length <= 1;
const isKbMode = values.kb && !values.pack && positionals.length <= 1;
if (
  (!isPackMode && !isKbMode && (!values.train || !values.test)) ||
  !(target > 0 && target <= 1) ||
  !Number.isInteger(folds) ||
  folds < 2
) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const table = (rows: ThresholdRow[]) => [
  'threshold | coverage | precision | answered | out-of-scope answered',
  ...rows.map(
    (r) =>
      `${r.threshold.toFixed(2).padStart(9)} | ${pct(r.coverage).padStart(8)} | ${pct(r.precision).padStart(9)} | ${String(r.answered).padStart(8)} | ${r.outOfScopeAnswered}`,
  ),
];
const print = (report: unknown, lines: string[]) =>
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${lines.join('\n')}\n`);

try {
  if (isKbMode) {
    const { report, lines } = await evaluateKnowledgeBase(positionals[0]);
    print(report, lines);
  } else if (isPackMode) await evaluatePack(positionals[0]);
  else await evaluateFiles(values.train!, values.test!);
} catch (err) {
  // Bad files and packs are the user's to fix: say what is wrong without a stack trace.
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}

async function evaluateFiles(trainSpec: string, testSpec: string): Promise<void> {
  const columns = { textColumn: values['text-column'], labelColumn: values['label-column'] };
  const train = await readLabelledFile({ spec: trainSpec, ...columns, defaultSplits: ['train', 'oos_train'] });
  const test = await readLabelledFile({ spec: testSpec, ...columns, defaultSplits: ['test', 'oos_test'] });

  const started = performance.now();
  const { classifier, heldOut } = IntentClassifier.trainWithHeldOut(train);
  const trainMs = performance.now() - started;

  const t0 = performance.now();
  const predictions: ScoredPrediction[] = test.map((d) => classifier.score(d));
  const msPerMessage = (performance.now() - t0) / test.length;

  const chosen = thresholdForPrecision(heldOut, target);
  const report = {
    train: {
      file: trainSpec,
      messages: train.length,
      labels: classifier.labels.length,
      ms: Math.round(trainMs),
      temperature: classifier.temperature,
    },
    test: { file: testSpec, messages: test.length, outOfScope: predictions.filter((p) => p.label === UNKNOWN_INTENT).length },
    accuracy: accuracy(predictions),
    macroF1: macroF1(predictions),
    msPerMessage,
    thresholds: REPORTED_THRESHOLDS.map((t) => thresholdRow(predictions, t)),
    targetPrecision: target,
    chosenThreshold: chosen,
    atChosenThreshold: chosen === null ? null : thresholdRow(predictions, chosen),
  };
  const at = report.atChosenThreshold;
  print(report, [
    `trained on ${report.train.messages} messages, ${report.train.labels} labels, in ${(trainMs / 1000).toFixed(1)} s (temperature ${classifier.temperature.toFixed(2)})`,
    `test: ${report.test.messages} messages (${report.test.outOfScope} out of scope), ${msPerMessage.toFixed(3)} ms per message`,
    `accuracy ${pct(report.accuracy)}   macro-F1 ${pct(report.macroF1)}`,
    '',
    ...table(report.thresholds),
    '',
    at === null
      ? `no threshold reaches ${pct(target)} precision on the out-of-fold predictions of the training data`
      : `threshold for ${pct(target)} precision (chosen on out-of-fold training predictions): ${chosen!.toFixed(3)} → on test: coverage ${pct(at.coverage)}, precision ${pct(at.precision)}, out-of-scope answered ${at.outOfScopeAnswered}`,
  ]);
}

async function evaluatePack(file: string | undefined): Promise<void> {
  const pack = await loadIntentPack(file);
  // The same training data the service builds from a pack (pipeline/intent-model.ts), minus agents' tickets.
  const data: LabelledText[] = [
    ...pack.intents.flatMap((intent) => intent.examples.map((text) => ({ text, label: intent.name }))),
    ...pack.outOfScopeExamples.map((text) => ({ text, label: UNKNOWN_INTENT })),
  ];
  const started = performance.now();
  const predictions = crossValidate(data, folds, (training, heldOut) => {
    const { classifier, heldOut: inner } = IntentClassifier.trainWithHeldOut(training);
    const threshold = thresholdForPrecision(inner, target);
    return heldOut.map((d) => ({ ...classifier.score(d), threshold }));
  });
  const ms = performance.now() - started;
  const chosen = [...new Set(predictions.map((p) => p.threshold))];
  const report = {
    pack: {
      name: pack.name,
      file: file ?? 'default',
      intents: pack.intents.length,
      examples: data.length - pack.outOfScopeExamples.length,
      outOfScope: pack.outOfScopeExamples.length,
    },
    folds,
    ms: Math.round(ms),
    accuracy: accuracy(predictions),
    macroF1: macroF1(predictions),
    perIntent: perLabelFigures(predictions),
    thresholds: REPORTED_THRESHOLDS.map((t) => thresholdRow(predictions, t)),
    targetPrecision: target,
    /** One threshold per fold, chosen on the out-of-fold predictions of that fold's training part. */
    chosenThresholds: chosen,
    atChosenThresholds: ownThresholdRow(predictions),
  };
  const at = report.atChosenThresholds;
  const numeric = chosen.filter((t): t is number => t !== null);
  print(report, [
    `pack "${pack.name}": ${report.pack.examples} examples in ${report.pack.intents} intents + ${report.pack.outOfScope} out-of-scope, ${folds}-fold cross-validation in ${(ms / 1000).toFixed(1)} s`,
    `accuracy ${pct(report.accuracy)}   macro-F1 ${pct(report.macroF1)}`,
    '',
    `${'intent'.padEnd(24)} | examples | precision | recall`,
    ...report.perIntent.map(
      (r) => `${r.label.padEnd(24)} | ${String(r.support).padStart(8)} | ${pct(r.precision).padStart(9)} | ${pct(r.recall).padStart(6)}`,
    ),
    '',
    ...table(report.thresholds),
    '',
    numeric.length === 0
      ? `no fold reached ${pct(target)} precision on its training part`
      : `threshold for ${pct(target)} precision chosen inside each fold (${numeric.map((t) => t.toFixed(3)).join(', ')}${numeric.length < chosen.length ? ', none' : ''}) → coverage ${pct(at.coverage)}, precision ${pct(at.precision)}, out-of-scope answered ${at.outOfScopeAnswered}`,
  ]);
}
