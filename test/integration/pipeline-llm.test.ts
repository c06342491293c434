// The whole service against a local fake OpenAI server: the LLM words the template answer, and
// whatever goes wrong with it (a timeout, errors, an open breaker) the template is sent as written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { fillTemplate, loadIntentPack } from '../../src/intents/intent-pack.js';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiRequest } from '../fakes/fake-openai.js';
import { auditOf, PASSWORD_MESSAGE, WEATHER_MESSAGE } from '../helpers/pipeline.js';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { Auth, TicketView } from '../helpers/tickets.js';

const LLM_REPLY = 'No problem: click “Forgot password?” on the sign-in page and follow the link we email you.';

let fake: FakeOpenAi;
let app: TestApp;
let services: Services;
let auth: Auth;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  app = await startTestApp({
    OPENAI_API_KEY: 'sk-test-fake-key-0123456789',
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: '300',
    LLM_BREAKER_FAILURES: '2',
    LLM_BREAKER_COOLDOWN_SECONDS: '1',
  });
  services = app.running.services;
  auth = (await signUp(app)).auth;
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** Opens a ticket and returns it as the pipeline left it (POST /tickets?wait=5). */
async function ask(message: string): Promise<TicketView> {
  const res = await app.request({ method: 'POST', url: '/tickets?wait=5', headers: auth, payload: { message } });
  expect(res.statusCode).toBe(200);
  return res.json<TicketView>();
}

/** The blocks of the prompt the fake received, found by the nonce its system message names. */
function promptOf(request: FakeOpenAiRequest) {
  const [system, user] = request.body.messages.map((m) => m.content);
  const nonce = /<customer_message_([0-9a-f]{16})>/.exec(system ?? '')?.[1];
  expect(nonce).toBeDefined();
  const block = (tag: string) => new RegExp(`<${tag}_${nonce}>\\n([\\s\\S]*?)\\n</${tag}_${nonce}>`).exec(user ?? '');
  const customer = block('customer_message');
  expect(customer).not.toBeNull();
  return { system: system!, basis: block('basis')?.[1], customer: customer![1], outsideCustomer: user!.replace(customer![0], '') };
}

/** The pack's template with the placeholders the pipeline fills for this ticket. */
async function filledTemplate(templateId: string, ticketNumber: number): Promise<string> {
  const template = (await loadIntentPack()).intents.flatMap((i) => i.templates).find((t) => t.id === templateId);
  expect(template).toBeDefined();
  return fillTemplate(template!.text, { ticket_number: String(ticketNumber), product_name: services.config.pipeline.productName }).trim();
}

// Each test starts from a closed breaker: a success closes it (once the cool-down lets a trial through).
beforeEach(async () => {
  fake.respondWith(() => ({ content: LLM_REPLY }));
  await expect.poll(async () => (await ask(PASSWORD_MESSAGE)).response_source, { timeout: 10_000, interval: 200 }).toBe('LLM');
});

describe('answering with the LLM', () => {
  it('sends the LLM’s wording of the template, with the customer’s message only inside its data block', async () => {
    const before = fake.requests.length;
    const ticket = await ask(PASSWORD_MESSAGE);

    expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', intent: 'login_issue', response_source: 'LLM', response: LLM_REPLY });
    expect(fake.requests).toHaveLength(before + 1);
    const request = fake.requests.at(-1)!;
    expect(request.body.model).toBe('fake-model');
    const audit = await auditOf(services, ticket.id);
    expect(audit).toMatchObject({
      decision: 'auto_resolve',
      replySource: 'LLM',
      llmError: null,
      candidates: expect.arrayContaining([expect.objectContaining({ kind: 'template' })]),
    });
    const prompt = promptOf(request);
    expect(prompt.basis).toBe(await filledTemplate((audit.candidates as { source: string }[])[0]!.source, ticket.number));
    expect(prompt.customer).toBe(PASSWORD_MESSAGE);
    expect(prompt.system).not.toContain(PASSWORD_MESSAGE);
    expect(prompt.outsideCustomer).not.toContain(PASSWORD_MESSAGE);
  });
});

describe('when the LLM fails', () => {
  it('sends the template as written, with llmError timeout, when the LLM answers too slowly', async () => {
    fake.respondWith(() => ({ content: LLM_REPLY, delayMs: 3_000 }));
    const before = fake.requests.length;
    const ticket = await ask(PASSWORD_MESSAGE);

    expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', intent: 'login_issue', response_source: 'TEMPLATE' });
    expect(fake.requests).toHaveLength(before + 1);
    // What the LLM was asked to reword is exactly what the customer got.
    expect(ticket.response).toBe(promptOf(fake.requests.at(-1)!).basis);
    expect(ticket.response).toContain('password');
    expect(await auditOf(services, ticket.id)).toMatchObject({ decision: 'auto_resolve', replySource: 'TEMPLATE', llmError: 'timeout' });
  });

  it('stops calling a failing LLM once the breaker opens, and uses it again after the cool-down', async () => {
    fake.respondWith(() => ({ status: 500, message: 'upstream overloaded' }));
    const before = fake.requests.length;
    for (let failure = 1; failure <= 2; failure++) {
      const ticket = await ask(PASSWORD_MESSAGE);
      expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', response_source: 'TEMPLATE' });
      expect(await auditOf(services, ticket.id)).toMatchObject({ replySource: 'TEMPLATE', llmError: 'http_error' });
    }
    expect(fake.requests).toHaveLength(before + 2);

    const whileOpen = await ask(PASSWORD_MESSAGE);
    expect(whileOpen).toMatchObject({ status: 'AUTO_RESOLVED', response_source: 'TEMPLATE' });
    expect(whileOpen.response).toContain('password');
    expect(fake.requests).toHaveLength(before + 2);
    expect(await auditOf(services, whileOpen.id)).toMatchObject({ replySource: 'TEMPLATE', llmError: 'breaker_open' });

    fake.respondWith(() => ({ content: LLM_REPLY }));
    let recovered: TicketView | undefined;
    await expect
      .poll(async () => (recovered = await ask(PASSWORD_MESSAGE)).response_source, { timeout: 10_000, interval: 200 })
      .toBe('LLM');
    expect(recovered).toMatchObject({ status: 'AUTO_RESOLVED', response: LLM_REPLY });
    expect(await auditOf(services, recovered!.id)).toMatchObject({ replySource: 'LLM', llmError: null });
  });
});

describe('tickets the LLM never sees', () => {
  it.each([
    ['an out-of-scope question', WEATHER_MESSAGE, 'unknown_intent'],
    ['a request for a person', 'I forgot my password, please let me talk to a human', 'customer_requested_human'],
  ])('escalates %s without calling the LLM', async (_name, message, reason) => {
    const before = fake.requests.length;
    const ticket = await ask(message);

    expect(ticket).toMatchObject({ status: 'ESCALATED', escalation_reason: reason, response: null, response_source: null });
    expect(fake.requests).toHaveLength(before);
    expect(await auditOf(services, ticket.id)).toMatchObject({ decision: 'escalate', reason, replySource: null, llmError: null });
  });
});
