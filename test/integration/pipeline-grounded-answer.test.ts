// Answering from the deployer's docs with an LLM, through real PostgreSQL and Redis and the real
// openai SDK against a local fake OpenAI server: a grounded answer is sent with its sources; one that
// says what the passages do not is withheld and the passage goes out in the docs' own words, as it
// does when the LLM fails. The test runs its own triage worker with a fixed passage library, so what
// is retrieved is known.
import type { Worker } from 'bullmq';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { PassageCandidate, PassageLibrary, StoredPassage } from '../../src/domain/ports/knowledge.js';
import { createOutboundPolicy } from '../../src/infra/resilience/outbound-policy.js';
import type { TriageDeps } from '../../src/pipeline/triage/triage-ticket.js';
import { createLlmReplyWriter, llmPolicyFailure } from '../../src/replies/llm-reply-writer.js';
import { passageAnswer } from '../../src/replies/passage-answer.js';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiRequest } from '../fakes/fake-openai.js';
import { auditOf, completedTriageJob, pipelineDeps, runTriageWorker, storedTicket } from '../helpers/pipeline.js';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { openTicket } from '../helpers/tickets.js';

const MESSAGE = 'How long until my refund shows up on my card?';

const passage = (id: string, overrides: Partial<StoredPassage>): StoredPassage => ({
  id,
  sourceId: '00000000-0000-4000-8000-000000000001',
  pageUrl: 'https://help.example.com/billing',
  pageTitle: 'Billing',
  headingPath: [],
  anchor: null,
  text: '',
  hash: `hash-${id}`,
  position: 0,
  ...overrides,
});
const REFUNDS = passage('p-refunds', {
  headingPath: ['Refunds'],
  anchor: 'refunds',
  text: 'Refunds are issued to the original payment method within 5 business days of approval. Your bank may take a few more days to show it.',
});
const CARDS = passage('p-cards', {
  pageUrl: 'file:///srv/docs/cards.md',
  pageTitle: 'Payment cards',
  text: 'You can change the card you pay with under Settings › Billing.',
});
/** The refunds section clearly first; the cards page behind it. */
const LIBRARY: PassageLibrary = {
  size: 2,
  search: async (_message, limit): Promise<PassageCandidate[]> =>
    [
      { passage: REFUNDS, evidence: { margin: 0.9, coverage: 1, scorePerTerm: 1.6 } },
      { passage: CARDS, evidence: { margin: -0.9, coverage: 0.2, scorePerTerm: 0.3 } },
    ].slice(0, limit),
};

const GROUNDED =
  'Refunds are issued to your original payment method within 5 business days of approval [1]. Your bank may take a few more days to show it [1].';

let fake: FakeOpenAi;
let app: TestApp;
let services: Services;
let deps: TriageDeps;
let auth: Record<string, string>;
let worker: Worker | undefined;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  app = await startTestApp({}, ['api']);
  services = app.running.services;
  const log = pino({ level: 'silent' });
  const policy = createOutboundPolicy(
    'llm',
    { timeoutMs: 300, retries: 0, backoffMs: 50, breakerFailures: 100, breakerCooldownMs: 1_000, isFailure: llmPolicyFailure },
    log,
  );
  const writer = createLlmReplyWriter({
    apiKey: 'sk-test-fake-key-0123456789',
    baseURL: fake.url,
    model: 'fake-model',
    timeoutMs: 300,
    maxReplyChars: 400,
    policy,
    log,
  });
  deps = { ...(await pipelineDeps(services)), passages: LIBRARY, writer };
  auth = (await signUp(app)).auth;
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});
beforeEach(() => {
  worker = runTriageWorker(services, deps);
});
afterEach(async () => {
  await worker?.close();
});

/** Opens a ticket and waits for the pipeline's decision. */
async function ask(message: string) {
  const opened = await openTicket(app, auth, message);
  await completedTriageJob(services, opened.id);
  return storedTicket(services, opened.id);
}

/** The passages block of the prompt the fake received, found by the nonce its system message names. */
function passagesSent(request: FakeOpenAiRequest): string {
  const [system, user] = request.body.messages.map((m) => m.content);
  const nonce = /<passages_([0-9a-f]{16})>/.exec(system ?? '')?.[1];
  expect(nonce).toBeDefined();
  const block = (tag: string) => new RegExp(`<${tag}_${nonce}>\\n([\\s\\S]*?)\\n</${tag}_${nonce}>`).exec(user ?? '');
  // What the customer wrote is data, in its own block only.
  expect(block('customer_message')?.[1]).toBe(MESSAGE);
  expect(system).not.toContain(MESSAGE);
  const passages = block('passages');
  expect(passages).not.toBeNull();
  return passages![1]!;
}

describe('an answer from the docs with an LLM', () => {
  it('sends the LLM’s grounded answer with its sources, having given it the chosen passage and the others', async () => {
    fake.respondWith(() => ({ content: GROUNDED }));
    const before = fake.requests.length;
    const ticket = await ask(MESSAGE);

    expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', responseSource: 'LLM', answerBasis: passageAnswer(REFUNDS) });
    expect(ticket.response).toBe(`${GROUNDED}\n\nSources:\n[1] “Billing › Refunds”: https://help.example.com/billing#refunds`);
    expect(fake.requests).toHaveLength(before + 1);
    expect(passagesSent(fake.requests.at(-1)!)).toBe(
      `[1] Billing › Refunds (https://help.example.com/billing#refunds)\n${REFUNDS.text}\n\n[2] Payment cards\n${CARDS.text}`,
    );
    expect(await auditOf(services, ticket.id)).toMatchObject({ decision: 'auto_resolve', replySource: 'LLM', llmError: null });
  });

  it('withholds an answer that says what the passages do not, sends the passage as written and records ungrounded', async () => {
    fake.respondWith(() => ({ content: `${GROUNDED} Premium members get their refund the same day [1].` }));
    const ticket = await ask(MESSAGE);

    expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', responseSource: 'KNOWLEDGE', response: passageAnswer(REFUNDS) });
    expect(ticket.response).not.toContain('Premium');
    expect(await auditOf(services, ticket.id)).toMatchObject({
      decision: 'auto_resolve',
      replySource: 'KNOWLEDGE',
      llmError: 'ungrounded',
    });
  });

  it('sends the passage as written when the LLM fails', async () => {
    fake.respondWith(() => ({ status: 500, message: 'upstream overloaded' }));
    const failed = await ask(MESSAGE);
    expect(failed).toMatchObject({ status: 'AUTO_RESOLVED', responseSource: 'KNOWLEDGE', response: passageAnswer(REFUNDS) });
    expect(await auditOf(services, failed.id)).toMatchObject({ replySource: 'KNOWLEDGE', llmError: 'http_error' });

    fake.respondWith(() => ({ content: GROUNDED, delayMs: 2_000 }));
    const slow = await ask(MESSAGE);
    expect(slow).toMatchObject({ status: 'AUTO_RESOLVED', responseSource: 'KNOWLEDGE', response: passageAnswer(REFUNDS) });
    expect(await auditOf(services, slow.id)).toMatchObject({ replySource: 'KNOWLEDGE', llmError: 'timeout' });
  });
});
