import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  EmbeddingsUnavailableError,
  type PassageEmbedder,
  type PassageVector,
  type StoredPassage,
} from '../../src/domain/ports/knowledge.js';
import type { BreakerState } from '../../src/domain/resilience.js';
import { bytesToVector, vectorToBytes } from '../../src/infra/db/vector-bytes.js';
import { embeddingText, embedMissingPassages } from '../../src/pipeline/knowledge/embed-passages.js';
import { createPassageLibrary } from '../../src/pipeline/knowledge/passage-library.js';
import { nearestByCosine, normalized, reciprocalRankFusion } from '../../src/pipeline/knowledge/rank-fusion.js';
import { fakeEmbedding } from '../fakes/fake-openai.js';

const passage = (id: string, pageTitle: string, heading: string, text: string): StoredPassage => ({
  id,
  sourceId: 'source-1',
  pageUrl: `file:///docs/${id}.md`,
  pageTitle,
  headingPath: [heading],
  anchor: null,
  text,
  hash: `hash-${id}`,
  position: 0,
});

const REFUNDS = passage('refunds', 'Billing', 'Refunds', 'A refund goes back to the card you paid with within five business days.');
const PLANS = passage(
  'plans',
  'Plans',
  'Changing your plan',
  'Change your plan at any time from the Plans page. A new plan starts at once and you are charged the difference; cancelling a plan stops the next charge.',
);
const SHIPPING = passage('shipping', 'Shipping', 'Delivery', 'Parcels leave our warehouse within two days of the order.');
const DOCS = [REFUNDS, PLANS, SHIPPING];
/** The fake model knows that being reimbursed and money back are a refund. */
const SYNONYMS = { reimbursed: 'refund', refunds: 'refund', money: 'refund' };
/**
 * Words shared with the plans page only by stem (cancelled/cancelling, charges/charged), which BM25
 * matches and the fake model does not; the refunds page shares "card" and, by meaning, "reimbursed".
 */
const QUESTION = 'I cancelled and got charges; when is my money reimbursed to my card?';

const vectorOf = (text: string) => Float32Array.from(fakeEmbedding(text, SYNONYMS));
const vectorsOf = (passages: readonly StoredPassage[]): PassageVector[] =>
  passages.map((p) => ({ id: p.id, vector: vectorOf(embeddingText(p)) }));

function fakeEmbedder(options: { state?: BreakerState; fails?: boolean } = {}) {
  const calls: string[][] = [];
  const embedder: PassageEmbedder = {
    model: 'fake-model',
    breakerState: options.state ?? 'closed',
    async embed(texts) {
      calls.push([...texts]);
      if (options.fails) throw new EmbeddingsUnavailableError('http_error', { status: 500 });
      return texts.map(vectorOf);
    },
  };
  return { embedder, calls };
}

const ids = (hits: { passage: StoredPassage }[]) => hits.map((h) => h.passage.id);

describe('reciprocal rank fusion', () => {
  it('orders by the sum of 1 / (60 + rank) over both lists', () => {
    // a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62 only.
    expect(
      reciprocalRankFusion([
        ['a', 'b', 'c'],
        ['c', 'a'],
      ]),
    ).toEqual(['a', 'c', 'b']);
    expect(reciprocalRankFusion([['a', 'b'], ['b']])).toEqual(['b', 'a']);
  });

  it('keeps a single ranking as it is, and breaks ties by the first list', () => {
    expect(reciprocalRankFusion([['x', 'y', 'z']])).toEqual(['x', 'y', 'z']);
    expect(
      reciprocalRankFusion([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    ).toEqual(['a', 'b']);
  });

  it('ranks by cosine, leaving out vectors of another length and those not pointing the same way', () => {
    const unit = (...xs: number[]) => normalized(Float32Array.from(xs))!;
    const vectors = new Map([
      ['near', unit(1, 0.1)],
      ['far', unit(0.2, 1)],
      ['opposite', unit(-1, 0)],
      ['other-model', unit(1, 0, 0)],
    ]);
    expect(nearestByCosine(unit(1, 0), vectors, 10)).toEqual(['near', 'far']);
    expect(nearestByCosine(unit(1, 0), vectors, 1)).toEqual(['near']);
    expect(normalized(new Float32Array(3))).toBeNull();
  });
});

describe('vector bytes', () => {
  it('round-trips a vector as little-endian Float32', () => {
    const vector = Float32Array.from([1, -0.5, 3.25, 1e-7]);
    const bytes = vectorToBytes(vector);
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x00, 0x80, 0x3f]);
    expect(bytesToVector(bytes)).toEqual(vector);
    // A view into a larger buffer, as a driver may hand it over.
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(bytesToVector(padded.subarray(3))).toEqual(vector);
  });

  it('reads no vector from bytes that cannot be one', () => {
    expect(bytesToVector(new Uint8Array(0))).toBeNull();
    expect(bytesToVector(new Uint8Array(6))).toBeNull();
  });
});

describe('hybrid passage search', () => {
  it('ranks the page that answers a question asked in other words first with vectors, where BM25 alone does not', async () => {
    const lexical = createPassageLibrary();
    lexical.load(DOCS);
    expect(ids(await lexical.search(QUESTION, 3))).toEqual(['plans', 'refunds']);

    const { embedder } = fakeEmbedder();
    const hybrid = createPassageLibrary({ embedder });
    hybrid.load(DOCS, vectorsOf(DOCS));
    const hits = await hybrid.search(QUESTION, 3);
    expect(ids(hits)).toEqual(['refunds', 'plans']);
    // The evidence is the lexical one, whatever the order: answer confidence means what it meant.
    const lexicalHits = await lexical.search(QUESTION, 3);
    for (const hit of hits) expect(hit.evidence).toEqual(lexicalHits.find((h) => h.passage.id === hit.passage.id)?.evidence);
  });

  it('gives a page found by meaning alone no lexical evidence', async () => {
    const { embedder } = fakeEmbedder();
    const library = createPassageLibrary({ embedder });
    library.load(DOCS, vectorsOf(DOCS));
    const hits = await library.search('my plan money', 3);
    expect(ids(hits)).toContain('refunds');
    expect(hits.find((h) => h.passage.id === 'refunds')?.evidence).toEqual({ margin: -1, coverage: 0, scorePerTerm: 0 });
  });

  it('ranks lexically, without calling the endpoint, while no passage has a vector', async () => {
    const { embedder, calls } = fakeEmbedder();
    const library = createPassageLibrary({ embedder });
    library.load(DOCS);
    expect(ids(await library.search(QUESTION, 3))).toEqual(['plans', 'refunds']);
    expect(calls).toEqual([]);
  });

  it('ranks lexically when the query cannot be embedded, and without calling while the breaker is open', async () => {
    const failing = fakeEmbedder({ fails: true });
    const down = createPassageLibrary({ embedder: failing.embedder, log: pino({ level: 'silent' }) });
    down.load(DOCS, vectorsOf(DOCS));
    expect(ids(await down.search(QUESTION, 3))).toEqual(['plans', 'refunds']);
    expect(failing.calls).toHaveLength(1);

    const open = fakeEmbedder({ state: 'open' });
    const library = createPassageLibrary({ embedder: open.embedder });
    library.load(DOCS, vectorsOf(DOCS));
    expect(ids(await library.search(QUESTION, 3))).toEqual(['plans', 'refunds']);
    expect(open.calls).toEqual([]);
  });

  it('keeps vectors of held passages only, and drops a passage’s vector with it', () => {
    const library = createPassageLibrary({ embedder: fakeEmbedder().embedder });
    library.load([REFUNDS, PLANS], vectorsOf([REFUNDS]));
    expect(library.embeddingModel).toBe('fake-model');
    library.applyVectors(vectorsOf([PLANS, SHIPPING]));
    expect(library.vectorIds().sort()).toEqual(['plans', 'refunds']);
    library.apply({ added: [SHIPPING], removedIds: ['plans'] });
    expect(library.vectorIds()).toEqual(['refunds']);
  });
});

describe('embedding stored passages', () => {
  const log = pino({ level: 'silent' });

  function store(passages: StoredPassage[]) {
    const vectors = new Map<string, Float32Array>();
    return {
      vectors,
      knowledge: {
        listPassagesToEmbed: async (_model: string, { afterId, limit }: { afterId?: string; limit: number }) =>
          passages.filter((p) => !vectors.has(p.id) && (afterId === undefined || p.id > afterId)).slice(0, limit),
        storeEmbeddings: async (_model: string, found: readonly PassageVector[]) => {
          for (const { id, vector } of found) vectors.set(id, vector);
          return found.length;
        },
      },
    };
  }

  it('embeds every passage without a vector, with its page and headings', async () => {
    const stored = store(DOCS);
    const { embedder, calls } = fakeEmbedder();
    expect(await embedMissingPassages({ knowledge: stored.knowledge, embedder, log })).toEqual({ embedded: 3, isComplete: true });
    expect([...stored.vectors.keys()].sort()).toEqual(['plans', 'refunds', 'shipping']);
    expect(calls.flat()).toContain('Billing › Refunds\n\n' + REFUNDS.text);
    expect(await embedMissingPassages({ knowledge: stored.knowledge, embedder, log })).toEqual({ embedded: 0, isComplete: true });
  });

  it('leaves the passages without vectors when the endpoint fails, and does not throw', async () => {
    const stored = store(DOCS);
    const { embedder } = fakeEmbedder({ fails: true });
    expect(await embedMissingPassages({ knowledge: stored.knowledge, embedder, log })).toEqual({ embedded: 0, isComplete: false });
    expect(stored.vectors.size).toBe(0);
  });
});
