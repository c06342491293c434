// The chatter detector: which top-level support-channel messages open no ticket.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/domain/errors.js';
import { loadIntentPack, parseIntentPack, type IntentPack } from '../../src/intents/intent-pack.js';
import { chatterDetectorForPack, createChatterDetector, type ChatterDetector } from '../../src/nlp/chatter.js';

const ZLabelled = z.object({ chatter: z.array(z.string().min(1)), requests: z.array(z.string().min(1)) });
const ZLabelledFile = ZLabelled.extend({ heldOut: ZLabelled });
const labelled = ZLabelledFile.parse(JSON.parse(readFileSync(new URL('../fixtures/chatter-labelled.json', import.meta.url), 'utf8')));

const list = (texts: readonly string[]): string => texts.map((text) => `\n  ${JSON.stringify(text)}`).join('');

let pack: IntentPack;
let detector: ChatterDetector;
beforeAll(async () => {
  pack = await loadIntentPack();
  detector = chatterDetectorForPack(pack);
});

describe('a chatter detector trained on the default pack', () => {
  it.each(['hi all', 'Good morning!', 'hey <@U0123ABC>', 'hello everyone 👋'])('takes a greeting alone for chatter: %j', (text) => {
    expect(detector.isChatter(text)).toBe(true);
  });

  it.each(['thanks!', 'thank you so much 🙏', 'ok got it', 'great, works now', 'solved, thanks', 'nvm figured it out'])(
    'takes thanks, acknowledgements and closings for chatter: %j',
    (text) => {
      expect(detector.isChatter(text)).toBe(true);
    },
  );

  it('takes a closing that asks to close the ticket for chatter', () => {
    expect(detector.isChatter('all good now, you can close this')).toBe(true);
  });

  it.each(['👍', '🙏🙏', ':tada:', ':+1: :pray:', '<@U0123ABC>', ':)'])(
    'takes emoji, shortcodes or a bare mention for chatter: %j',
    (text) => {
      expect(detector.isChatter(text)).toBe(true);
    },
  );

  it.each([
    "Hi! I can't log in since this morning",
    'hey, quick question: can I change my billing date',
    'good morning, the export is stuck',
  ])('takes a greeting followed by a request for a request: %j', (text) => {
    expect(detector.isChatter(text)).toBe(false);
  });

  it.each([
    'thanks, but it still fails',
    'thanks for the fast reply, but the export still times out',
    'ok thanks, how do I add a second admin',
    'great, works now. is there a way to export to pdf',
  ])('takes thanks followed by a problem or a question for a request: %j', (text) => {
    expect(detector.isChatter(text)).toBe(false);
  });

  it.each([
    'any update?',
    'any update',
    'same here',
    '+1',
    'me too',
    'still not working',
    'not yet',
    'hello?',
    'anyone around',
    'refund?',
    'login broken',
  ])('takes a terse request, or a customer waiting, for a request: %j', (text) => {
    expect(detector.isChatter(text)).toBe(false);
  });

  it('takes a question mark for a request even among chatter words', () => {
    expect(detector.isChatter('ok thanks?')).toBe(false);
  });

  it.each(['thanks, invoice', 'hey, exprot', 'hi, dashbaord', 'thanks sarah, refnd'])(
    'takes a support word, even misspelt, beside a greeting or thanks for a request: %j',
    (text) => {
      expect(detector.isChatter(text)).toBe(false);
    },
  );

  it.each(['thanks Sarah!', 'legend, thanks', 'thnaks so much', 'thanksss'])(
    'takes thanks with a name, praise or a typo for chatter: %j',
    (text) => {
      expect(detector.isChatter(text)).toBe(true);
    },
  );

  it('takes a message with a link for a request', () => {
    expect(detector.isChatter('thanks <https://example.com/screenshot.png>')).toBe(false);
  });

  it('takes a lone word that is neither chatter nor a known support word for a request', () => {
    expect(detector.isChatter('zapier')).toBe(false);
  });
});

describe('chatter examples in an intent pack', () => {
  const intent = {
    name: 'login_issue',
    examples: Array.from({ length: 10 }, (_, i) => `I cannot log in, attempt ${i}`),
    templates: [{ id: 'login_issue.reset', text: 'Reset your password.' }],
  };

  it('are in the default pack, about 140 of them', () => {
    expect(pack.chatterExamples?.length).toBeGreaterThanOrEqual(120);
  });

  it('default to none, so a pack written before them still loads', () => {
    expect(parseIntentPack({ version: 1, intents: [intent] }, 'old.json').chatterExamples).toEqual([]);
  });

  it('may not repeat a request example: the same sentence would be taught both ways', () => {
    const raw = { version: 1, chatterExamples: ['thanks!', 'I cannot log in, attempt 3'], intents: [intent] };
    expect(() => parseIntentPack(raw, 'packs/test.json')).toThrow(AppError);
    try {
      parseIntentPack(raw, 'packs/test.json');
    } catch (err) {
      expect((err as AppError).details?.problems).toEqual([
        'chatterExamples[1]: repeats intents[0] ("login_issue").examples[3]; each example may appear once in the pack',
      ]);
    }
  });
});

describe('a chatter detector without chatter examples', () => {
  it('takes every message for a request, as before the detector existed', () => {
    const empty = createChatterDetector({ chatter: [], requests: [] });
    for (const text of ['hi', 'thanks!', '👍', '']) expect(empty.isChatter(text)).toBe(false);
  });

  it('is what a pack without chatterExamples gives', () => {
    const withoutChatter = chatterDetectorForPack({ ...pack, chatterExamples: [] });
    expect(withoutChatter.isChatter('thanks!')).toBe(false);
  });
});

describe('a chatter detector without request examples', () => {
  it('trusts the rules alone: chatter words are chatter, one unknown word is a request', () => {
    const rulesOnly = createChatterDetector({ chatter: ['thanks', 'hi all'], requests: [] });
    expect(rulesOnly.isChatter('thank you!')).toBe(true);
    expect(rulesOnly.isChatter('thanks Sarah')).toBe(false);
    expect(rulesOnly.isChatter('login broken')).toBe(false);
  });
});

describe('the chatter detector measured on the labelled set (test/fixtures/chatter-labelled.json)', () => {
  it('has enough examples of each kind', () => {
    expect(labelled.chatter.length).toBeGreaterThanOrEqual(150);
    expect(labelled.requests.length).toBeGreaterThanOrEqual(250);
  });

  it('shares no message with the pack, so it measures more than memory', () => {
    const key = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
    const inPack = new Set(
      [...(pack.chatterExamples ?? []), ...pack.outOfScopeExamples, ...pack.intents.flatMap((i) => i.examples)].map(key),
    );
    const all = [...labelled.chatter, ...labelled.requests, ...labelled.heldOut.chatter, ...labelled.heldOut.requests];
    expect(all.filter((text) => inPack.has(key(text)))).toEqual([]);
  });

  // Measured 2026-12-05: 0/290 requests taken for chatter, 178/178 chatter recognised; held out 0/83 and 61/61.
  it.each([
    { name: 'development', set: labelled },
    { name: 'held-out', set: labelled.heldOut },
  ])('takes at most 1 % of the $name requests for chatter', ({ set }) => {
    const dropped = set.requests.filter((text) => detector.isChatter(text));
    expect(dropped.length / set.requests.length, `requests taken for chatter:${list(dropped)}`).toBeLessThanOrEqual(0.01);
  });

  it.each([
    { name: 'development', set: labelled },
    { name: 'held-out', set: labelled.heldOut },
  ])('recognises at least 95 % of the $name chatter', ({ set }) => {
    const missed = set.chatter.filter((text) => !detector.isChatter(text));
    expect(1 - missed.length / set.chatter.length, `chatter taken for requests:${list(missed)}`).toBeGreaterThanOrEqual(0.95);
  });

  it('trains on the default pack in well under a second', () => {
    // About 135 ms in a fresh process on the development machine, 30–100 ms once warm; the bound leaves room for a busy CI runner.
    const started = performance.now();
    chatterDetectorForPack(pack);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
