// `npm run eval -- --train FILE --test FILE [--text-column C] [--label-column L] [--target-precision 0.98] [--json]`
// Trains on --train, picks the threshold for the target precision on a held-out share of --train,
// and reports figures on --test. JSON files use the CLINC150 layout: FILE#split,split.
import { parseArgs } from 'node:util';
import { readLabelledFile } from '../nlp/dataset-file.js';
import { accuracy, macroF1, thresholdForPrecision, thresholdRow, type ScoredPrediction } from '../nlp/evaluation.js';
import { UNKNOWN_INTENT } from '../domain/decide.js';
import { IntentClassifier } from '../nlp/intent-classifier.js';

const REPORTED_THRESHOLDS = [0.5, 0.6, 0.75, 0.9];

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    test: { type: 'string' },
    'text-column': { type: 'string' },
    'label-column': { type: 'string' },
    'target-precision': { type: 'string', default: '0.98' },
    json: { type: 'boolean', default: false },
  },
});
if (!values.train || !values.test) {
  process.stderr.write('usage: npm run eval -- --train FILE[#splits] --test FILE[#splits] [--text-column C] [--label-column L] [--target-precision 0.98] [--json]\n');
  process.exit(2);
}
const target = Number(values['target-precision']);
const columns = { textColumn: values['text-column'], labelColumn: values['label-column'] };
const train = await readLabelledFile({ spec: values.train, ...columns, defaultSplits: ['train', 'oos_train'] });
const test = await readLabelledFile({ spec: values.test, ...columns, defaultSplits: ['test', 'oos_test'] });

const started = performance.now();
const { classifier, heldOut } = IntentClassifier.trainWithHeldOut(train);
const trainMs = performance.now() - started;

const t0 = performance.now();
const predictions: ScoredPrediction[] = test.map((d) => classifier.score(d));
const msPerMessage = (performance.now() - t0) / test.length;

const chosen = thresholdForPrecision(heldOut, target);
const report = {
  train: { file: values.train, messages: train.length, labels: classifier.labels.length, ms: Math.round(trainMs), temperature: classifier.temperature },
  test: { file: values.test, messages: test.length, outOfScope: predictions.filter((p) => p.label === UNKNOWN_INTENT).length },
  accuracy: accuracy(predictions),
  macroF1: macroF1(predictions),
  msPerMessage,
  thresholds: REPORTED_THRESHOLDS.map((t) => thresholdRow(predictions, t)),
  targetPrecision: target,
  chosenThreshold: chosen,
  atChosenThreshold: chosen === null ? null : thresholdRow(predictions, chosen),
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
  const lines = [
    `trained on ${report.train.messages} messages, ${report.train.labels} labels, in ${(trainMs / 1000).toFixed(1)} s (temperature ${classifier.temperature.toFixed(2)})`,
    `test: ${report.test.messages} messages (${report.test.outOfScope} out of scope), ${msPerMessage.toFixed(3)} ms per message`,
    `accuracy ${pct(report.accuracy)}   macro-F1 ${pct(report.macroF1)}`,
    '',
    'threshold | coverage | precision | answered | out-of-scope answered',
    ...report.thresholds.map((r) => `${r.threshold.toFixed(2).padStart(9)} | ${pct(r.coverage).padStart(8)} | ${pct(r.precision).padStart(9)} | ${String(r.answered).padStart(8)} | ${r.outOfScopeAnswered}`),
    '',
    chosen === null
      ? `no threshold reaches ${pct(target)} precision on the held-out share of the training data`
      : `threshold for ${pct(target)} precision (chosen on held-out training data): ${chosen.toFixed(3)} → on test: coverage ${pct(report.atChosenThreshold!.coverage)}, precision ${pct(report.atChosenThreshold!.precision)}, out-of-scope answered ${report.atChosenThreshold!.outOfScopeAnswered}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
