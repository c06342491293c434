// The replay loop with a tiny fake classifier: each question sees only what was learned before it,
// answers become solutions at once, and the classifier and answer confidence learn on the schedule.
import { describe, expect, it } from 'vitest';
import type { AnswerModel } from '../../src/domain/answer-confidence.js';
import type { IntentModel } from '../../src/domain/ports/triage.js';
import type { LabelledCandidate, LearningRepository } from '../../src/domain/ports/learning.js';
import { parseIntentPack } from '../../src/intents/intent-pack.js';
import { fitAnswerModel } from '../../src/pipeline/learning/fit-answer-model.js';
import { createInMemoryLearning } from '../../src/pipeline/replay/in-memory-learning.js';
import { inTimeOrder, replayHistory, type ReplayDeps, type ReplayRow } from '../../src/pipeline/replay/replay-history.js';
import { reportReplay } from '../../src/pipeline/replay/replay-report.js';

const RECEIPT_ANSWER = 'Every receipt is under Billing > History, ready to download.';

const pack = parseIntentPack(
  {
    version: 1,
    intents: [
      {
        name: 'billing_receipt',
        examples: Array.from({ length: 10 }, (_, i) => `billing example ${i}`),
        templates: [{ id: 'billing_receipt.where', keywords: ['invoice', 'receipt', 'billing'], text: RECEIPT_ANSWER }],
      },
    ],
  },
  'test',
);
const intents = new Map(pack.intents.map((i) => [i.name, i]));

const predicting = (intent: string, confidence: number): IntentModel => ({
  version: 'fake',
  predict: () => ({ intent, confidence, top: [{ intent, probability: confidence }] }),
});

/**
 * Knows `billing_receipt` once it has been trained on a message an agent labelled with it (and then
 * recognises any message with one of its words); until then everything is out of scope.
 */
async function fakeTrainer(learning: LearningRepository): Promise<IntentModel> {
  const knowsBilling = (await learning.listIntentExamples(1000)).some((m) => m.intent === 'billing_receipt');
  const billing = predicting('billing_receipt', 0.99);
  const unknown = predicting('unknown', 1);
  return { version: 'fake', predict: (text) => (knowsBilling && /invoice|receipt|billing/i.test(text) ? billing : unknown).predict(text) };
}

const deps = (overrides: Partial<ReplayDeps> = {}): ReplayDeps => ({
  intents,
  settings: { urgentThreshold: 0.8, urgentPolicy: 'escalate' },
  trainClassifier: fakeTrainer,
  ...overrides,
});

const row = (question: string, answer: string, intent: string | null = null, createdAt: Date | null = null): ReplayRow => ({
  question,
  answer,
  intent,
  createdAt,
});

describe('replayHistory', () => {
  it('answers a repeated question only after its first answer became known, and judges it by the answer given', async () => {
    const rows = [
      row('How do I rename a project board?', 'Open the board menu and choose Rename.'),
      row('Which browsers do you support?', 'The two latest versions of Chrome, Firefox, Safari and Edge.'),
      row('How do I rename a project board?', 'Open the board menu and choose Rename.'),
      // Asked again, but this time the agent gave another answer: the reused one would have been wrong.
      row('Which browsers do you support?', 'Every current browser, and Internet Explorer 11 in compatibility mode.'),
    ];
    const outcomes = await replayHistory(deps(), rows, { retrainEvery: 100 });

    expect(outcomes[0]).toEqual({
      index: 0,
      intent: 'none',
      isEligible: false,
      reason: 'unknown_intent',
      confidence: null,
      floor: 0,
      isRight: false,
    });
    expect(outcomes[1]).toMatchObject({ isEligible: false, reason: 'unknown_intent' });
    expect(outcomes[2]).toMatchObject({ index: 2, isEligible: true, reason: null, isRight: true });
    expect(outcomes[2]!.confidence).toBeGreaterThan(0.9);
    expect(outcomes[3]).toMatchObject({ isEligible: true, isRight: false });
    expect(outcomes[3]!.confidence).toBeGreaterThan(0.9);
  });

  it('learns intents only when the classifier is retrained, every retrainEvery rows', async () => {
    // No two questions share a word, so only the classifier can connect them.
    const rows = [
      row('Where can I find my invoice?', RECEIPT_ANSWER, 'billing_receipt'),
      row('A receipt copy, please', RECEIPT_ANSWER, 'billing_receipt'),
      row('Billing statement needed', RECEIPT_ANSWER, 'billing_receipt'),
    ];
    const trainedOn: number[] = [];
    const trainer = async (learning: LearningRepository) => {
      trainedOn.push((await learning.listIntentExamples(1000)).length);
      return fakeTrainer(learning);
    };

    const retrained = await replayHistory(deps({ trainClassifier: trainer }), rows, { retrainEvery: 2 });
    expect(trainedOn).toEqual([0, 2]);
    expect(retrained.map((o) => o.isEligible)).toEqual([false, false, true]);
    expect(retrained[2]).toMatchObject({ intent: 'billing_receipt', isRight: true });

    const never = await replayHistory(deps(), rows, { retrainEvery: 100 });
    expect(never.map((o) => o.isEligible)).toEqual([false, false, false]);
  });

  it('refits answer confidence on each earlier row’s best candidate, labelled by whether it was the answer given', async () => {
    const fits: LabelledCandidate[][] = [];
    const fit = (labelled: readonly LabelledCandidate[]): AnswerModel => {
      fits.push([...labelled]);
      return fitAnswerModel(labelled);
    };
    const rows = [
      row('How do I rename a project board?', 'Open the board menu and choose Rename.'),
      row('How do I rename a project board?', 'Open the board menu and choose Rename.'),
      row('How do I rename a project board?', 'Boards are renamed from Settings now.'),
      row('How do I rename a project board?', 'Boards are renamed from Settings now.'),
      row('How do I rename a project board?', 'Boards are renamed from Settings now.'),
    ];
    await replayHistory(deps({ fitAnswerModel: fit }), rows, { retrainEvery: 2 });
    // After rows 2 and 4 (not after the last: nothing is left to replay); the first row had no
    // candidate. Row 4's best candidate was still the answer two neighbours had got, not the new one.
    expect(fits.map((f) => f.map((l) => l.answered))).toEqual([[true], [true, false, false]]);
    expect(fits[1]!.every((l) => l.kind === 'solution')).toBe(true);
  });

  it('counts urgent and hand-over requests as never answered, under the configured urgent policy', async () => {
    const rows = [
      row('How do I rename a project board?', 'Open the board menu and choose Rename.'),
      row('How do I rename a project board?', 'Open the board menu and choose Rename.'),
      row('How do I rename a project board? I want to talk to a human', 'Open the board menu and choose Rename.'),
    ];
    const urgent = await replayHistory(deps({ urgency: () => 0.9 }), rows, { retrainEvery: 100 });
    expect(urgent.map((o) => o.reason)).toEqual(['urgent', 'urgent', 'customer_requested_human']);
    const answering = await replayHistory(
      deps({ urgency: () => 0.9, settings: { urgentThreshold: 0.8, urgentPolicy: 'answer_and_alert' } }),
      rows,
      { retrainEvery: 100 },
    );
    expect(answering.map((o) => o.reason)).toEqual(['unknown_intent', null, 'customer_requested_human']);
  });

  it('keeps an intent’s own stricter threshold as the floor its answers are held to', async () => {
    const strict = parseIntentPack({ version: 1, intents: [{ ...pack.intents[0]!, threshold: 0.995 }] }, 'test');
    const rows = [
      row('Where can I find my invoice?', RECEIPT_ANSWER, 'billing_receipt'),
      row('A receipt copy, please', RECEIPT_ANSWER, 'billing_receipt'),
    ];
    const outcomes = await replayHistory(deps({ intents: new Map(strict.intents.map((i) => [i.name, i])) }), rows, { retrainEvery: 1 });
    expect(outcomes[1]).toMatchObject({ isEligible: true, floor: 0.995, isRight: true });
    const report = reportReplay(outcomes, { targetPrecision: 0.97, warmup: 0 });
    expect(report.thresholds.every((t) => t.answered === 0)).toBe(true);
  });
});

describe('the replay’s threshold table', () => {
  it('on a replayed history, answers fewer tickets (never more) as the threshold rises', async () => {
    const questions = ['rename a project board', 'supported browsers list', 'export hours to a spreadsheet', 'invoice currency change'];
    const rows = Array.from({ length: 24 }, (_, i) =>
      row(`${questions[i % 4]}${i % 3 === 0 ? ' please' : ''}`, `Answer ${i % 4}${i % 5 === 0 ? ' (updated)' : ''}`),
    );
    const report = reportReplay(await replayHistory(deps(), rows, { retrainEvery: 6 }), { targetPrecision: 0.97, warmup: 4 });
    expect(report.rows).toEqual({ total: 24, warmup: 4, counted: 20 });
    expect(report.thresholds[0]!.answered).toBeGreaterThan(0);
    for (let i = 1; i < report.thresholds.length; i++)
      expect(report.thresholds[i]!.coverage).toBeLessThanOrEqual(report.thresholds[i - 1]!.coverage);
  });
});

describe('inTimeOrder', () => {
  const at = (iso: string) => new Date(iso);
  it('orders by date when every row has one, keeping file order for equal dates', () => {
    const rows = [
      row('c', 'x', null, at('2025-03-02')),
      row('a', 'x', null, at('2025-03-01')),
      row('d', 'x', null, at('2025-03-02')),
      row('b', 'x', null, at('2025-03-01')),
    ];
    expect(inTimeOrder(rows)).toEqual({ rows: [rows[1], rows[3], rows[0], rows[2]], isByDate: true });
  });

  it('keeps file order when some row has no date', () => {
    const rows = [row('c', 'x', null, at('2025-03-02')), row('a', 'x'), row('b', 'x', null, at('2025-03-01'))];
    expect(inTimeOrder(rows)).toEqual({ rows, isByDate: false });
  });
});

describe('createInMemoryLearning', () => {
  it('reads back like the database: labelled messages with their intent, unlabelled ones with their answer, oldest first', async () => {
    const learning = createInMemoryLearning();
    learning.add({ question: 'q1', answer: 'a1', intent: 'billing_receipt' });
    learning.add({ question: 'q2', answer: 'a2', intent: null });
    learning.add({ question: 'q3', answer: 'a3', intent: 'unknown' });
    expect(await learning.listIntentExamples(10)).toEqual([
      { text: 'q1', intent: 'billing_receipt' },
      { text: 'q3', intent: 'unknown' },
    ]);
    expect(await learning.listIntentExamples(1)).toEqual([{ text: 'q1', intent: 'billing_receipt' }]);
    expect(await learning.listAnswerExamples(10)).toEqual([{ text: 'q2', answer: 'a2' }]);
    expect(await learning.listReusableSolutions()).toHaveLength(3);
  });
});
