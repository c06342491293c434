// Optional embeddings on PostgreSQL, against the fake OpenAI-compatible server's /v1/embeddings:
// a sync stores a vector with each passage and the workers' libraries rank by meaning as well as by
// words; the endpoint down or its breaker open, syncs still succeed and searches rank by words.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeDeps } from '../../src/app/knowledge-deps.js';
import { startPassageLibrary, type RunningPassageLibrary } from '../../src/app/start-passage-library.js';
import { bytesToVector } from '../../src/infra/db/vector-bytes.js';
import { eventually } from '../helpers/eventually.js';
import { createStaff, startTestApp, type TestApp } from '../helpers/test-app.js';
import { FAKE_EMBEDDING_DIMENSIONS, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';

const MODEL = 'fake-embedding-model';
/** More than the failures the endpoint-down test makes (a sync and two searches), so it stays closed until the last test. */
const BREAKER_FAILURES = 4;

const DOCS = {
  'billing.md': '# Billing\n\n## Refunds\n\nA refund goes back to the card you paid with within five business days.\n',
  'plans.md':
    '# Plans\n\n## Changing your plan\n\nChange your plan at any time from the Plans page. A new plan starts at once and you are charged the difference; cancelling a plan stops the next charge.\n',
  'shipping.md': '# Shipping\n\n## Delivery\n\nParcels leave our warehouse within two days of the order.\n',
};
/** The fake model knows that being reimbursed and money back are a refund. */
const SYNONYMS = { reimbursed: 'refund', refunds: 'refund', money: 'refund' };
/** BM25 puts the plans page first (cancelled/cancelling, charges/charged share stems); it asks for a refund. */
const QUESTION = 'I cancelled and got charges; when is my money reimbursed to my card?';

let fake: FakeOpenAi;
let app: TestApp;
let admin: Record<string, string>;
let docs: string;
let running: RunningPassageLibrary;

const pages = async (message: string) => (await running.library.search(message, 3)).map((h) => h.passage.pageTitle);
const chunks = () =>
  app.running.services.db.prisma.knowledgeChunk.findMany({ select: { id: true, text: true, embedding: true, embeddingModel: true } });

beforeAll(async () => {
  fake = await startFakeOpenAi();
  fake.embeddingSynonyms(SYNONYMS);
  app = await startTestApp(
    {
      EMBEDDINGS_BASE_URL: fake.url,
      EMBEDDINGS_MODEL: MODEL,
      EMBEDDINGS_API_KEY: 'sk-embeddings-test',
      EMBEDDINGS_TIMEOUT_MS: '2000',
      EMBEDDINGS_QUERY_TIMEOUT_MS: '200',
      BREAKER_FAILURES: String(BREAKER_FAILURES),
      BREAKER_COOLDOWN_SECONDS: '3600',
    },
    ['api'],
  );
  admin = (await createStaff(app, 'ADMIN')).auth;
  docs = await mkdtemp(join(tmpdir(), 'firstline-kb-embeddings-'));
  for (const [name, text] of Object.entries(DOCS)) await writeFile(join(docs, name), text);
  // A worker's library, on the app's services: the same database, Redis prefix and breakers.
  running = await startPassageLibrary(app.running.services, knowledgeDeps(app.running.services).knowledge);
});

afterAll(async () => {
  await running?.close();
  await app?.stop();
  await fake?.close();
  if (docs) await rm(docs, { recursive: true, force: true });
});

describe('embeddings', () => {
  it('stores a vector from the configured model with each passage a sync adds', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/admin/knowledge-sources',
      headers: admin,
      payload: { location: docs, name: 'help' },
    });
    expect(res.statusCode).toBe(201);
    const stored = await chunks();
    expect(stored).toHaveLength(3);
    for (const chunk of stored) {
      expect(chunk.embeddingModel).toBe(MODEL);
      expect(bytesToVector(chunk.embedding!)).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
    }
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(fake.embeddingRequests[0]).toMatchObject({ model: MODEL, encoding_format: 'float' });
    expect(fake.embeddingRequests[0]!.headers.authorization).toBe('Bearer sk-embeddings-test');
  });

  it("ranks a question asked in other words by meaning too, once the worker's library has the vectors", async () => {
    await eventually(async () => running.library.vectorIds().length === 3, 'the vectors in the library');
    expect(await pages(QUESTION)).toEqual(['Billing', 'Plans']);
    // The query itself was embedded by the endpoint.
    expect(fake.embeddingRequests.at(-1)?.input).toEqual([QUESTION]);
  });

  it('still syncs with the endpoint down, leaves the new passage without a vector, and searches by words', async () => {
    fake.embeddingsMode({ kind: 'error', status: 500 });
    await writeFile(join(docs, 'invoices.md'), '# Invoices\n\n## Download\n\nDownload any invoice as a PDF from the Billing page.\n');
    const res = await app.request({ method: 'POST', url: '/admin/knowledge-sources/help/sync', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().changes.added).toBe(1);
    const invoice = (await chunks()).find((c) => c.text.includes('invoice as a PDF'));
    expect(invoice).toMatchObject({ embedding: null, embeddingModel: null });

    await eventually(async () => running.library.size === 4, 'the invoice passage in the library');
    expect(await pages(QUESTION)).toEqual(['Plans', 'Billing']);
    expect(await pages('download invoice pdf')).toEqual(['Invoices']);
  });

  it('embeds the passages left without a vector at the next sync once the endpoint is back', async () => {
    fake.embeddingsMode({ kind: 'vectors' });
    const res = await app.request({ method: 'POST', url: '/admin/knowledge-sources/help/sync', headers: admin });
    expect(res.statusCode).toBe(200);
    expect((await chunks()).every((c) => c.embeddingModel === MODEL && c.embedding !== null)).toBe(true);
    await eventually(async () => running.library.vectorIds().length === 4, 'the invoice vector in the library');
    expect(await pages(QUESTION)).toEqual(['Billing', 'Plans']);
  });

  it('ranks by words without calling the endpoint once its breaker is open', async () => {
    expect(app.running.services.breakers.states().embeddings).toBe('closed');
    fake.embeddingsMode({ kind: 'hang' });
    // Each search gives up on the hanging endpoint after EMBEDDINGS_QUERY_TIMEOUT_MS and ranks by words.
    for (let i = 0; i < BREAKER_FAILURES; i++) expect((await pages(QUESTION))[0]).toBe('Plans');
    expect(app.running.services.breakers.states().embeddings).toBe('open');

    const calls = fake.embeddingRequests.length;
    expect((await pages(QUESTION)).slice(0, 2)).toEqual(['Plans', 'Billing']);
    expect(fake.embeddingRequests).toHaveLength(calls);
  });
});
