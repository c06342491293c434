// asksForHuman() measured on labelled sets of customer messages (see test/fixtures/human-requests/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asksForHuman } from '../../src/domain/asks-for-human.js';

const MIN_RECALL = 0.98;
const MAX_FALSE_POSITIVE_RATE = 0.01;

const Example = z.strictObject({ text: z.string().min(1), asks_for_human: z.boolean() });

function load(name: string): z.infer<typeof Example>[] {
  const text = readFileSync(new URL(`../fixtures/human-requests/${name}.jsonl`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Example.parse(JSON.parse(line)));
}

const list = (texts: readonly string[]): string => texts.map((text) => `\n  ${JSON.stringify(text)}`).join('');

describe.each([
  { name: 'development', minEach: 400 },
  { name: 'held-out', minEach: 120 },
])('requests for a person in the $name set', ({ name, minEach }) => {
  const examples = load(name);
  const requests = examples.filter((example) => example.asks_for_human).map((example) => example.text);
  const others = examples.filter((example) => !example.asks_for_human).map((example) => example.text);

  it(`has at least ${minEach} requests and ${minEach} other messages`, () => {
    expect(requests.length).toBeGreaterThanOrEqual(minEach);
    expect(others.length).toBeGreaterThanOrEqual(minEach);
  });

  it(`recognises at least ${MIN_RECALL * 100} % of the requests`, () => {
    const missed = requests.filter((text) => !asksForHuman(text));
    const recall = 1 - missed.length / requests.length;
    expect(recall, `${missed.length} of ${requests.length} requests missed:${list(missed)}`).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it(`takes at most ${MAX_FALSE_POSITIVE_RATE * 100} % of the other messages for a request`, () => {
    const wrong = others.filter((text) => asksForHuman(text));
    const rate = wrong.length / others.length;
    expect(rate, `${wrong.length} of ${others.length} other messages taken for a request:${list(wrong)}`).toBeLessThanOrEqual(
      MAX_FALSE_POSITIVE_RATE,
    );
  });
});
