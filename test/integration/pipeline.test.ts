// The pipeline end to end: tickets through the API, the worker on real Redis and PostgreSQL, the
// default intent pack, the similar-ticket index and what agents and customers teach it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/assertions.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { Auth, TicketEventView, TicketView } from '../helpers/tickets.js';

let app: TestApp;
let customer: Awaited<ReturnType<typeof signUp>>;
let agent: Awaited<ReturnType<typeof createStaff>>;
const METRICS_TOKEN = 'metrics-token-0123456789';

beforeAll(async () => {
  app = await startTestApp({ METRICS_TOKEN, RETRAIN_DEBOUNCE_SECONDS: '0', PRODUCT_NAME: 'Acme Cloud' });
  customer = await signUp(app);
  agent = await createStaff(app, 'AGENT');
});
afterAll(() => app.stop());

/** Opens a ticket and waits for the pipeline's decision. */
async function ask(message: string, auth: Auth = customer.auth): Promise<TicketView> {
  const res = await app.request({ method: 'POST', url: '/tickets?wait=10', headers: auth, payload: { message } });
  expect(res.statusCode).toBe(200);
  const ticket = res.json<TicketView>();
  expect(ticket.status).not.toBe('OPEN');
  return ticket;
}

async function triagedEvent(id: string): Promise<TicketEventView & { data: Record<string, unknown> }> {
  const res = await app.request({ method: 'GET', url: `/tickets/${id}/events`, headers: agent.auth });
  expect(res.statusCode).toBe(200);
  const triaged = res.json<{ items: TicketEventView[] }>().items.filter((e) => e.type === 'triaged');
  expect(triaged).toHaveLength(1);
  return triaged[0] as TicketEventView & { data: Record<string, unknown> };
}

/** Waits until the worker has taken the change to this ticket's solution into its index. */
async function indexUpdated(ticketId: string, result: 'added' | 'removed'): Promise<void> {
  await expect
    .poll(
      () =>
        app.logs
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .some((l) => l.msg === 'similar-ticket index updated' && l.ticketId === ticketId && l.result === result),
      { timeout: 10_000 },
    )
    .toBe(true);
}

async function resolveAsAgent(id: string, response: string, intent?: string): Promise<TicketView> {
  const res = await app.request({
    method: 'POST',
    url: `/tickets/${id}/resolve`,
    headers: agent.auth,
    payload: { response, ...(intent ? { intent } : {}) },
  });
  expect(res.statusCode).toBe(200);
  return res.json<TicketView>();
}

describe('deciding', () => {
  it('answers a clear question automatically from the intent’s closest template, with a full audit event', async () => {
    const ticket = await ask('I forgot my password and cannot log in');
    expect(ticket).toMatchObject({ status: 'AUTO_RESOLVED', intent: 'login_issue', response_source: 'TEMPLATE', escalation_reason: null });
    expect(ticket.confidence).toBeGreaterThanOrEqual(0.75);
    expect(ticket.response).toContain('Acme Cloud');
    expect(ticket.response).not.toMatch(/\{\{/);
    expect(ticket.first_response_at).not.toBeNull();

    const event = await triagedEvent(ticket.id);
    expect(event).toMatchObject({ from_status: 'OPEN', to_status: 'AUTO_RESOLVED', actor_type: 'SYSTEM' });
    expect(event.data).toMatchObject({
      decision: 'auto_resolve',
      reason: null,
      intent: 'login_issue',
      thresholds: { autoResolve: 0.9, used: 0.9 },
      replySource: 'TEMPLATE',
      answerModelVersion: 'default',
      failures: [],
    });
    // Every candidate weighed is in the audit trail with its evidence; the one sent is the best.
    const candidates = event.data.candidates as {
      kind: string;
      source: string;
      answerConfidence: number;
      features: Record<string, number>;
    }[];
    expect(candidates[0]).toMatchObject({ kind: 'template', source: 'login_issue.reset_password' });
    expect(candidates[0]!.answerConfidence).toBeGreaterThanOrEqual(0.9);
    expect(event.data.answerConfidence).toBe(candidates[0]!.answerConfidence);
    expect(Object.keys(candidates[0]!.features).sort()).toEqual([
      'familiarity',
      'intentMargin',
      'intentProbability',
      'keywordBehind',
      'keywordMatch',
      'trackRecord',
    ]);
    const top = event.data.top as { intent: string; probability: number }[];
    expect(top).toHaveLength(3);
    expect(top[0]!.intent).toBe('login_issue');
    expect(top.reduce((sum, t) => sum + t.probability, 0)).toBeLessThanOrEqual(1.0000001);
    expect(event.data.modelVersion).toEqual(expect.stringMatching(/^[0-9a-f]{12}$/));
  });

  it('escalates a message outside every intent', async () => {
    const ticket = await ask('What is the weather going to be like in Paris tomorrow?');
    expect(ticket.status).toBe('ESCALATED');
    expect(['unknown_intent', 'low_confidence']).toContain(ticket.escalation_reason);
    expect(ticket.response).toBeNull();
    expect((await triagedEvent(ticket.id)).data).toMatchObject({ decision: 'escalate', replySource: null });
  });

  it('escalates at once when the customer asks for a person, however clear the question', async () => {
    const ticket = await ask('I forgot my password, let me talk to a human please');
    expect(ticket).toMatchObject({ status: 'ESCALATED', escalation_reason: 'customer_requested_human', response: null });
  });

  it('applies a stricter per-intent threshold from the pack (payment_issue needs 0.95)', async () => {
    const ticket = await ask('My card payment for the subscription failed this month');
    const event = await triagedEvent(ticket.id);
    expect((event.data.thresholds as { used: number | null }).used).toBe(0.95);
  });
});

describe('learning from agents', () => {
  const first = 'My exported CSV report has the dates in the wrong timezone, agent please';
  const later = 'My exported CSV report has the dates in the wrong timezone';
  const solution = 'Exports use the timezone set under Settings → Workspace → Region. Change it there and export again.';
  let original: TicketView;
  let reused: TicketView;

  it('reuses an agent’s answer for a later similar ticket, saying where it comes from', async () => {
    original = await ask(first);
    expect(original.escalation_reason).toBe('customer_requested_human');
    await resolveAsAgent(original.id, solution, 'technical_issue');
    await indexUpdated(original.id, 'added');

    reused = await ask(later);
    expect(reused).toMatchObject({
      status: 'AUTO_RESOLVED',
      response_source: 'SIMILAR_TICKET',
      matched_ticket_id: original.id,
      intent: 'technical_issue',
    });
    expect(reused.response).toContain(solution);
    expect(reused.response).toMatch(/similar request/i);
    expect(reused.similarity).toBeGreaterThanOrEqual(0.7);
    const similar = (await triagedEvent(reused.id)).data.similar as { ticketId: string; score: number }[];
    expect(similar[0]).toEqual({ ticketId: original.id, score: expect.any(Number) });
  });

  it('reuses an agent’s answer for a paraphrase of a question no intent covers', async () => {
    const words = 'Furniture deliveries take 5–7 working days; the tracking link arrives by email the day it ships.';
    const first = await ask('When will my parcel with the blue sofa be delivered to my flat?');
    expect(first).toMatchObject({ status: 'ESCALATED', intent: 'unknown' });
    await resolveAsAgent(first.id, words);
    await indexUpdated(first.id, 'added');
    const paraphrase = await ask('When will the parcel with my blue sofa be delivered to my flat?');
    expect(paraphrase).toMatchObject({ status: 'AUTO_RESOLVED', response_source: 'SIMILAR_TICKET', matched_ticket_id: first.id });
    const audit = (await triagedEvent(paraphrase.id)).data;
    // The classifier alone could not have answered it: it files the message under no intent.
    expect(audit.top).toEqual([expect.objectContaining({ intent: 'unknown' }), expect.anything(), expect.anything()]);
    expect(audit.answerConfidence as number).toBeGreaterThanOrEqual(0.9);
  });

  it('escalates the answer the customer found unhelpful and stops reusing its solution until an agent re-confirms it', async () => {
    const feedback = await app.request({
      method: 'POST',
      url: '/feedback',
      headers: customer.auth,
      payload: { ticket_id: reused.id, helpful: false },
    });
    expect(feedback.statusCode).toBe(200);
    const rejected = await app.request({ method: 'GET', url: `/tickets/${reused.id}`, headers: customer.auth });
    expect(rejected.json()).toMatchObject({ status: 'ESCALATED', escalation_reason: 'customer_rejected' });
    const demoted = await app.request({ method: 'GET', url: `/tickets/${original.id}`, headers: agent.auth });
    expect(demoted.json<TicketView>().solution_demoted_at).not.toBeNull();
    await indexUpdated(original.id, 'removed');

    const notReused = await ask(later);
    expect(notReused.matched_ticket_id).toBeNull();
    expect(notReused.response_source).not.toBe('SIMILAR_TICKET');

    const confirm = await app.request({ method: 'POST', url: `/tickets/${original.id}/solution/confirm`, headers: agent.auth });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json<TicketView>().solution_demoted_at).toBeNull();
    // Back among the candidates, but the "not helpful" stays in its track record: weighed lower now.
    const reconfirmed = async () => {
      const candidates = (await triagedEvent((await ask(later)).id)).data.candidates as {
        kind: string;
        source: string;
        features: { trackRecord: number };
      }[];
      return candidates.find((c) => c.kind === 'solution' && c.source === original.id)?.features.trackRecord;
    };
    await expect.poll(reconfirmed, { timeout: 10_000 }).toBeLessThan(0);
  });

  it('credits a helpful template answer to the template’s track record, without making its filled words a solution', async () => {
    const answered = await ask('I forgot my password and cannot log in');
    expect(answered.status).toBe('AUTO_RESOLVED');
    const key = 'template:login_issue.reset_password';
    const before = (await app.running.services.candidates.read([key])).get(key) ?? { helpful: 0, notHelpful: 0 };
    const feedback = await app.request({
      method: 'POST',
      url: '/feedback',
      headers: customer.auth,
      payload: { ticket_id: answered.id, helpful: true },
    });
    expect(feedback.statusCode).toBe(200);
    expect((await app.running.services.candidates.read([key])).get(key)).toEqual({
      helpful: before.helpful + 1,
      notHelpful: before.notHelpful,
    });
    const solutions = await app.running.services.learning.listReusableSolutions();
    expect(solutions.map((s) => s.ticketId)).not.toContain(answered.id);
  });

  it('makes a reused answer the customer found helpful one more reusable example of the person’s own words, prefaced once however often it is reused', async () => {
    const words = 'Invoices download from Billing → History; if the button does nothing, allow pop-ups for our site.';
    const first = await ask('The invoice PDF download button does nothing when I click it, agent please');
    await resolveAsAgent(first.id, words);
    await indexUpdated(first.id, 'added');
    const reused = await ask('The invoice PDF download button does nothing when I click it');
    expect(reused).toMatchObject({ status: 'AUTO_RESOLVED', response_source: 'SIMILAR_TICKET' });
    const feedback = await app.request({
      method: 'POST',
      url: '/feedback',
      headers: customer.auth,
      payload: { ticket_id: reused.id, helpful: true },
    });
    expect(feedback.statusCode).toBe(200);
    await indexUpdated(reused.id, 'added');
    const solutions = await app.running.services.learning.listReusableSolutions();
    expect(solutions.find((s) => s.ticketId === reused.id)?.response).toBe(words);

    const again = await ask('the invoice pdf download button does nothing when i click on it');
    expect(again.status).toBe('AUTO_RESOLVED');
    expect(again.response!.match(/similar request/g)).toHaveLength(1);
    expect(again.response!.endsWith(words)).toBe(true);
  });

  it('stops sending a template customers keep rating not helpful, and suggests it to the agent instead', async () => {
    const question = 'How do I delete my account permanently?';
    for (let i = 0; i < 2; i++) {
      const answered = await ask(question);
      expect(answered).toMatchObject({ status: 'AUTO_RESOLVED', response_source: 'TEMPLATE' });
      const rated = await app.request({
        method: 'POST',
        url: '/feedback',
        headers: customer.auth,
        payload: { ticket_id: answered.id, helpful: false },
      });
      expect(rated.statusCode).toBe(200);
    }
    const third = await ask(question);
    // Escalated (and, with the two rejected reports still open, grouped as an incident of three).
    expect(third).toMatchObject({ status: 'ESCALATED', response: null });
    const audit = (await triagedEvent(third.id)).data;
    expect(audit.reason).toBe('low_confidence');
    const [best] = audit.candidates as { kind: string; answerConfidence: number; features: { trackRecord: number } }[];
    expect(best?.kind).toBe('template');
    expect(best!.features.trackRecord).toBeCloseTo(Math.log(2 / 4), 3);
    expect(best!.answerConfidence).toBeLessThan(0.9);
    expect(audit.suggestedReply).toEqual(expect.any(String));
  });

  it('lets only agents confirm a solution', async () => {
    const res = await app.request({ method: 'POST', url: `/tickets/${original.id}/solution/confirm`, headers: customer.auth });
    expectError(res, 403, 'forbidden');
  });

  it('retrains the classifier with the agent’s intent and stores the model', async () => {
    await expect
      .poll(() => app.logs.some((l) => (JSON.parse(l) as { msg?: string }).msg === 'classifier replaced'), { timeout: 20_000 })
      .toBe(true);
    const models = await app.running.services.db.prisma.classifierModel.findMany({ orderBy: { createdAt: 'asc' } });
    expect(models.length).toBeGreaterThanOrEqual(2);
    expect(models.at(-1)!.agentExamples).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /metrics', () => {
  it('needs the metrics token when one is configured', async () => {
    expectError(await app.request({ method: 'GET', url: '/metrics' }), 401, 'unauthorized');
    const wrong = await app.request({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expectError(wrong, 401, 'unauthorized');
  });

  it('serves Prometheus text with tickets by outcome and intent, latency, queue depth and the classifier version', async () => {
    await ask('I forgot my password and cannot log in');
    const res = await app.request({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/firstline_tickets_triaged_total\{[^}]*outcome="auto_resolved"[^}]*intent="login_issue"[^}]*\} [1-9]/);
    expect(res.body).toMatch(/firstline_tickets_triaged_total\{[^}]*outcome="escalated"[^}]*reason="customer_requested_human"/);
    expect(res.body).toMatch(/firstline_pipeline_duration_seconds_count [1-9]/);
    expect(res.body).toMatch(/firstline_queue_jobs\{queue="triage",state="waiting"\} \d+/);
    expect(res.body).toMatch(/firstline_classifier_info\{version="[0-9a-f]{12}"\} 1/);
  });
});

describe('a restart with unchanged training data', () => {
  it('loads the stored classifier instead of training again', async () => {
    const readyLogs = (target: TestApp) =>
      target.logs.map((l) => JSON.parse(l) as { msg?: string; trained?: boolean }).filter((l) => l.msg === 'classifier ready');
    const second = await startTestApp({}, ['worker']);
    try {
      expect(readyLogs(second)).toEqual([expect.objectContaining({ trained: true })]);
      // Same database, same pack: a restarted worker finds the model by its data hash.
      const restarted = await startTestApp({ DATABASE_URL: second.running.services.config.database.url! }, ['worker']);
      try {
        expect(readyLogs(restarted)).toEqual([expect.objectContaining({ trained: false })]);
      } finally {
        await restarted.stop();
      }
    } finally {
      await second.stop();
    }
  });
});

describe('a worker-only process', () => {
  it('serves its own metrics on METRICS_PORT, behind the token', async () => {
    const worker = await startTestApp({ METRICS_PORT: '0', METRICS_TOKEN }, ['worker']);
    try {
      const url = `${worker.running.url!}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/firstline_classifier_info\{version="[0-9a-f]{12}"\} 1/);
      expect((await fetch(`${worker.running.url!}/other`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    } finally {
      await worker.stop();
    }
  });
});
