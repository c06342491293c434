// What agents teach the classifier when they resolve, on real PostgreSQL through the API: only an
// intent the agent gave is a label (never the classifier's guess), `unknown` trains the out-of-scope
// class, a new name becomes a learned intent, and GET /admin/intents lists them all.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/ticket.js';
import { loadIntentPack, type IntentPack } from '../../src/intents/intent-pack.js';
import { resolveIncident } from '../../src/pipeline/incidents/manage-incident.js';
import { gatherTrainingData } from '../../src/pipeline/learning/intent-model.js';
import { answerClass } from '../../src/replies/answer-key.js';
import { expectError, invalidFields } from '../helpers/assertions.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { openTicket, type Auth, type TicketEventView, type TicketView } from '../helpers/tickets.js';

let app: TestApp;
let pack: IntentPack;
let customer: Awaited<ReturnType<typeof signUp>>;
let agent: Awaited<ReturnType<typeof createStaff>>;
let admin: Auth;

beforeAll(async () => {
  // The API alone: nothing triages the tickets, so each test puts them where the pipeline would.
  app = await startTestApp({}, ['api']);
  pack = await loadIntentPack();
  customer = await signUp(app);
  agent = await createStaff(app, 'AGENT');
  admin = await logInAs(app, ADMIN.email, ADMIN.password);
});
afterAll(() => app?.stop());

const services = () => app.running.services;
const trainingData = () => gatherTrainingData(services().learning, pack);

/** A ticket the pipeline escalated after guessing `guess` with low confidence. */
async function escalatedWithGuess(guess: string, message = `Something odd happened ${randomUUID()}`): Promise<TicketView> {
  const ticket = await openTicket(app, customer.auth, message);
  await services().db.prisma.ticket.update({
    where: { id: ticket.id },
    data: { status: 'ESCALATED', escalationReason: 'low_confidence', intent: guess, confidence: 0.41 },
  });
  return ticket;
}

async function resolve(id: string, intent?: string) {
  return app.request({
    method: 'POST',
    url: `/tickets/${id}/resolve`,
    headers: agent.auth,
    payload: { response: 'Here is how.', ...(intent === undefined ? {} : { intent }) },
  });
}

async function resolvedEvent(id: string): Promise<Record<string, unknown>> {
  const events = (await app.request({ method: 'GET', url: `/tickets/${id}/events`, headers: agent.auth })).json<{
    items: TicketEventView[];
  }>().items;
  return events.find((e) => e.type === 'resolved')!.data as Record<string, unknown>;
}

type IntentItem = {
  name: string;
  source: string;
  templates: number;
  pack_examples: number;
  agent_examples: number;
  auto_resolve: boolean | null;
  threshold: number | null;
};
async function adminIntents(): Promise<IntentItem[]> {
  const res = await app.request({ method: 'GET', url: '/admin/intents', headers: admin });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: IntentItem[] }>().items;
}

describe('resolving with or without an intent', () => {
  it('keeps the classifier’s guess for metrics but takes no label from a resolution without an intent', async () => {
    const before = await trainingData();
    const ticket = await escalatedWithGuess('payment_issue');
    expect((await resolve(ticket.id)).statusCode).toBe(200);

    const stored = (await services().tickets.findById(ticket.id))!;
    expect(stored).toMatchObject({ status: 'RESOLVED', responseSource: 'AGENT', intent: 'payment_issue', labelledIntent: null });
    expect(await resolvedEvent(ticket.id)).toMatchObject({ intent: 'payment_issue', labelledIntent: null, intentCorrected: false });
    const after = await trainingData();
    expect(after.dataHash).toBe(before.dataHash);
    expect(after.examples.some((e) => e.text === ticket.message)).toBe(false);
  });

  it('trains a pack intent the agent confirmed, and records a correction as one', async () => {
    const confirmed = await escalatedWithGuess('login_issue');
    const corrected = await escalatedWithGuess('login_issue');
    expect((await resolve(confirmed.id, 'login_issue')).json()).toMatchObject({ intent: 'login_issue' });
    expect((await resolve(corrected.id, 'Account_Issue')).json()).toMatchObject({ intent: 'account_issue' });

    expect(await resolvedEvent(confirmed.id)).toMatchObject({
      intent: 'login_issue',
      labelledIntent: 'login_issue',
      intentCorrected: false,
    });
    expect(await resolvedEvent(corrected.id)).toMatchObject({
      intent: 'account_issue',
      labelledIntent: 'account_issue',
      intentCorrected: true,
    });
    const { examples } = await trainingData();
    expect(examples).toContainEqual({ text: confirmed.message, label: 'login_issue' });
    expect(examples).toContainEqual({ text: corrected.message, label: 'account_issue' });
  });

  it('trains `unknown` as the out-of-scope class, alongside the pack’s out-of-scope examples', async () => {
    const before = await trainingData();
    const ticket = await escalatedWithGuess('general_query', `What time does the bakery on Main Street open? ${randomUUID()}`);
    expect((await resolve(ticket.id, 'unknown')).json()).toMatchObject({ intent: 'unknown' });

    expect((await services().tickets.findById(ticket.id))!.labelledIntent).toBe('unknown');
    const after = await trainingData();
    expect(after.dataHash).not.toBe(before.dataHash);
    expect(after.agentExamples).toBe(before.agentExamples + 1);
    expect(after.examples).toContainEqual({ text: ticket.message, label: 'unknown' });
    // The same class the pack's out-of-scope examples train, not a new one.
    expect(after.examples).toContainEqual({ text: pack.outOfScopeExamples[0]!, label: 'unknown' });
    expect(new Set(after.examples.map((e) => e.label)).size).toBe(new Set(before.examples.map((e) => e.label)).size);
  });

  it('makes a new name a learned intent: trained, and listed by GET /admin/intents with its count', async () => {
    const first = await escalatedWithGuess('technical_issue', `My CSV export has the wrong dates ${randomUUID()}`);
    const second = await escalatedWithGuess('feature_request', `The export to CSV shifts every date by a day ${randomUUID()}`);
    const res = await resolve(first.id, '  Data_Export ');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'RESOLVED', intent: 'data_export' });
    expect((await resolve(second.id, 'data_export')).statusCode).toBe(200);

    expect(await services().tickets.findById(first.id)).toMatchObject({ intent: 'data_export', labelledIntent: 'data_export' });
    expect(await resolvedEvent(first.id)).toMatchObject({ intent: 'data_export', labelledIntent: 'data_export', intentCorrected: true });
    const { examples } = await trainingData();
    expect(examples).toContainEqual({ text: first.message, label: 'data_export' });
    expect(examples).toContainEqual({ text: second.message, label: 'data_export' });

    const items = await adminIntents();
    expect(items.map((i) => i.name)).toEqual([...items.map((i) => i.name)].sort());
    expect(items.find((i) => i.name === 'data_export')).toEqual({
      name: 'data_export',
      source: 'learned',
      templates: 0,
      pack_examples: 0,
      agent_examples: 2,
      auto_resolve: null,
      threshold: null,
    });
    // Every pack intent is there too, with what the earlier tests taught it.
    for (const intent of pack.intents) {
      expect(items.find((i) => i.name === intent.name)).toMatchObject({
        source: 'pack',
        templates: intent.templates.length,
        pack_examples: intent.examples.length,
      });
    }
    expect(items.find((i) => i.name === 'login_issue')).toMatchObject({ agent_examples: 1, auto_resolve: true, threshold: null });
    expect(items.find((i) => i.name === 'account_issue')).toMatchObject({ agent_examples: 1 });
    // The ticket resolved without an intent taught payment_issue nothing.
    const payment = pack.intents.find((i) => i.name === 'payment_issue')!;
    expect(payment.threshold).not.toBeNull();
    expect(items.find((i) => i.name === 'payment_issue')).toMatchObject({
      agent_examples: 0,
      threshold: payment.threshold,
      auto_resolve: payment.autoResolve,
    });
    expect(items.find((i) => i.name === 'unknown')).toMatchObject({
      source: 'pack',
      templates: 0,
      pack_examples: pack.outOfScopeExamples.length,
      agent_examples: 1,
    });
  });

  it('lets only admins list the intents', async () => {
    expectError(await app.request({ method: 'GET', url: '/admin/intents', headers: agent.auth }), 403, 'forbidden');
    expectError(await app.request({ method: 'GET', url: '/admin/intents' }), 401, 'unauthorized');
  });
});

describe('a bad intent name', () => {
  it.each(['refund request', 'refund-request', '2fa_reset', '', 'a'.repeat(65)])(
    'is refused with 400 naming body.intent (%j), and the ticket is left as it was',
    async (intent) => {
      const ticket = await escalatedWithGuess('login_issue');
      const res = await resolve(ticket.id, intent);
      expect(invalidFields(res)).toEqual(['body.intent']);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(
        /body\.intent must be "unknown" .*snake_case.*at most 64 characters/,
      );
      expect(await services().tickets.findById(ticket.id)).toMatchObject({
        status: 'ESCALATED',
        intent: 'login_issue',
        labelledIntent: null,
      });
    },
  );

  it('is refused by POST /incidents/:id/resolve the same way', async () => {
    const res = await app.request({
      method: 'POST',
      url: `/incidents/${randomUUID()}/resolve`,
      headers: agent.auth,
      payload: { response: 'Fixed.', intent: 'Outage Fixed' },
    });
    expect(invalidFields(res)).toEqual(['body.intent']);
  });

  it('is refused by the incident use case before the incident is looked up or closed', async () => {
    const actor: Actor = { kind: 'user', userId: agent.id, role: 'AGENT' };
    await expect(resolveIncident(services(), actor, randomUUID(), { response: 'Fixed.', intent: 'outage fixed' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('"outage fixed"'),
    });
  });
});

describe('a customer confirming an automatic reuse', () => {
  /** A ticket the pipeline answered by reusing `solution`'s answer. */
  async function reused(solution: TicketView, answer: string): Promise<TicketView> {
    const ticket = await openTicket(app, customer.auth, `Where is my new card? ${randomUUID()}`);
    await services().db.prisma.ticket.update({
      where: { id: ticket.id },
      data: {
        status: 'AUTO_RESOLVED',
        responseSource: 'SIMILAR_TICKET',
        matchedTicketId: solution.id,
        answerBasis: answer,
        response: `This answer comes from a similar request we resolved before: ${answer}`,
        resolvedAt: new Date(),
      },
    });
    return ticket;
  }

  async function rate(ticket: TicketView, helpful: boolean) {
    const res = await app.request({ method: 'POST', url: '/feedback', headers: customer.auth, payload: { ticket_id: ticket.id, helpful } });
    expect(res.statusCode).toBeLessThan(300);
  }

  it('makes the message a training example of the answer it confirmed, and only once it is confirmed', async () => {
    const answer = `Cards arrive within five working days ${randomUUID()}`;
    const solutions: TicketView[] = [];
    for (let i = 0; i < 3; i++) {
      const ticket = await escalatedWithGuess('general_query', `Has my card been posted yet? ${randomUUID()}`);
      const res = await app.request({
        method: 'POST',
        url: `/tickets/${ticket.id}/resolve`,
        headers: agent.auth,
        payload: { response: answer },
      });
      expect(res.statusCode).toBe(200);
      solutions.push(ticket);
    }
    const confirmed = await reused(solutions[0]!, answer);
    const unrated = await reused(solutions[1]!, answer);
    const refuted = await reused(solutions[2]!, answer);
    const label = answerClass(answer);
    expect((await trainingData()).examples).not.toContainEqual({ text: confirmed.message, label });

    await rate(confirmed, true);
    await rate(refuted, false);
    const { examples } = await trainingData();
    expect(examples).toContainEqual({ text: confirmed.message, label });
    expect(examples.filter((e) => e.label === label)).toHaveLength(4);
    expect(examples.some((e) => e.text === unrated.message || e.text === refuted.message)).toBe(false);
  });

  it('labels it with the intent the agent gave the reused answer', async () => {
    const solution = await escalatedWithGuess('general_query', `My card has not come in the post ${randomUUID()}`);
    expect((await resolve(solution.id, 'card_delivery')).statusCode).toBe(200);
    const confirmed = await reused(solution, 'Here is how.');
    await rate(confirmed, true);

    const { examples } = await trainingData();
    expect(examples).toContainEqual({ text: confirmed.message, label: 'card_delivery' });
    expect(examples.some((e) => e.text === confirmed.message && e.label !== 'card_delivery')).toBe(false);
  });
});
