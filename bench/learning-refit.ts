// `npx tsx bench/learning-refit.ts PREFIX [dataset…]`: replays the answer model on a learning-bench
// run's candidates (written by `BENCH_LEARNING_DUMP=PREFIX npm run bench -- learning`), offline and in
// seconds. Every REFIT_EVERY messages (100: the live bench refits every 10 s at 10 messages/s) the real
// fitAnswerModel is fitted on the best candidate of every earlier message, with its outcome; each
// message's candidates are then weighed by the model of its time and the best one is sent when it
// reaches the line (the fitted threshold, never under FLOOR, AUTO_RESOLVE_THRESHOLD's default).
//
// What it is for: a change to the fit or to derived evidence can be measured on the development
// split's dump before a 15-minute live run. The evidence itself (the classifier's probabilities, the
// neighbours) is as it was live, so a change there needs the live bench. It reproduced the live
// windows to within about a point on the development split. A message with no candidate at all is
// not in the dump: it counts as escalated, with no label (so not as out of scope).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { answerConfidence, CANDIDATE_KINDS, type AnswerModel, type CandidateKind } from '../src/domain/answer-confidence.js';
import type { LabelledCandidate } from '../src/domain/ports/learning.js';
import { fitAnswerModel } from '../src/pipeline/learning/fit-answer-model.js';
import { printWindowRows, windowRows, type Outcome } from './lib/learning-windows.js';

const REFIT_EVERY = Number(process.env.REFIT_EVERY ?? 100);
const TARGET = Number(process.env.TARGET ?? 0.97);
const FLOOR = Number(process.env.FLOOR ?? 0.9);
const WINDOW = Number(process.env.BENCH_LEARNING_WINDOW ?? 500);

const ZDumpedCandidate = z.object({
  kind: z.string().transform((kind, ctx) => {
    const own = kind.toLowerCase();
    if ((CANDIDATE_KINDS as readonly string[]).includes(own)) return own as CandidateKind;
    ctx.addIssue({ code: 'custom', message: `unknown candidate kind ${kind}` });
    return z.NEVER;
  }),
  features: z.record(z.string(), z.number()),
  index: z.number().int().nonnegative(),
  label: z.string(),
  right: z.boolean(),
});
type DumpedCandidate = z.infer<typeof ZDumpedCandidate>;

function replay(dataset: string, candidates: readonly DumpedCandidate[]): Outcome[] {
  const byMessage = new Map<number, DumpedCandidate[]>();
  for (const c of candidates) byMessage.set(c.index, [...(byMessage.get(c.index) ?? []), c]);
  const history: LabelledCandidate[] = [];
  const outcomes: Outcome[] = [];
  let model: AnswerModel = fitAnswerModel(history, undefined, TARGET);
  const count = Math.max(0, ...byMessage.keys()) + 1;
  for (let index = 0; index < count; index++) {
    if (index > 0 && index % REFIT_EVERY === 0) model = fitAnswerModel(history, undefined, TARGET);
    const own = byMessage.get(index) ?? [];
    const weighed = own.map((c) => ({ c, confidence: answerConfidence(model, c.kind, c.features) }));
    const best = weighed.reduce<(typeof weighed)[number] | undefined>((a, b) => (a && a.confidence >= b.confidence ? a : b), undefined);
    const automatic = best !== undefined && best.confidence >= Math.max(FLOOR, model.threshold ?? 0);
    outcomes.push({ index, label: own[0]?.label ?? '', automatic, right: automatic && best.c.right });
    if (best) history.push({ kind: best.c.kind, features: best.c.features, answered: best.c.right });
  }
  process.stderr.write(`${dataset}: ${count} messages replayed, last threshold ${model.threshold ?? 'none'}\n`);
  return outcomes;
}

const [prefix, ...datasets] = process.argv.slice(2);
if (!prefix) {
  process.stderr.write('usage: npx tsx bench/learning-refit.ts PREFIX [banking77 clinc150]\n');
  process.exit(2);
}
const rows = (datasets.length > 0 ? datasets : ['banking77', 'clinc150']).flatMap((dataset) => {
  const dumped = z.array(ZDumpedCandidate).parse(JSON.parse(readFileSync(`${prefix}.${dataset}.candidates.json`, 'utf8')));
  return windowRows(dataset, replay(dataset, dumped), WINDOW);
});
printWindowRows(rows);
