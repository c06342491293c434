// AUTO_RESOLVE_MODE=shadow through the API and the worker on real PostgreSQL and Redis: what live
// mode answers goes to a person with the answer as the suggestion, agents' answers are recorded as
// agreeing with it or not, and GET /admin/metrics turns that into coverage and precision by threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHADOW_THRESHOLDS } from '../../src/domain/shadow-agreement.js';
import { textKey } from '../../src/replies/answer-key.js';
import { outcomeJobsFor } from '../helpers/pipeline.js';
import { isSlaKey } from '../../src/domain/ticket-event.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { Auth, TicketEventView, TicketView } from '../helpers/tickets.js';

/** Both answered automatically from a template by the default pack in live mode (pipeline.test.ts). */
const PASSWORD = 'I forgot my password and cannot log in';
const DELETE_ACCOUNT = 'How do I delete my account permanently?';

let app: TestApp;
let customer: Awaited<ReturnType<typeof signUp>>;
let agent: Awaited<ReturnType<typeof createStaff>>;
let adminAuth: Auth;

beforeAll(async () => {
  app = await startTestApp({ AUTO_RESOLVE_MODE: 'shadow', PRODUCT_NAME: 'Acme Cloud' });
  customer = await signUp(app);
  agent = await createStaff(app, 'AGENT');
  adminAuth = await logInAs(app, ADMIN.email, ADMIN.password);
});
afterAll(() => app.stop());

async function ask(message: string): Promise<TicketView> {
  const res = await app.request({ method: 'POST', url: '/tickets?wait=10', headers: customer.auth, payload: { message } });
  expect(res.statusCode).toBe(200);
  return res.json<TicketView>();
}

async function eventsOf(id: string, type: string): Promise<(TicketEventView & { data: Record<string, unknown> })[]> {
  const res = await app.request({ method: 'GET', url: `/tickets/${id}/events`, headers: agent.auth });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: (TicketEventView & { data: Record<string, unknown> })[] }>().items.filter((e) => e.type === type);
}

async function resolveAsAgent(id: string, response: string): Promise<Record<string, unknown>> {
  const res = await app.request({ method: 'POST', url: `/tickets/${id}/resolve`, headers: agent.auth, payload: { response } });
  expect(res.statusCode).toBe(200);
  expect(res.json<TicketView>()).toMatchObject({ status: 'RESOLVED', response, response_source: 'AGENT' });
  const [resolved] = await eventsOf(id, 'resolved');
  return resolved!.data;
}

const storedCandidates = (ticketId: string) =>
  app.running.services.db.prisma.replyCandidate.findMany({ where: { ticketId }, orderBy: { rank: 'asc' } });

describe('AUTO_RESOLVE_MODE=shadow', () => {
  let agreed: TicketView;
  let edited: TicketView;
  let suggestions: Map<string, string>;

  it('escalates what live mode would answer as shadow_mode, sends nothing, and keeps the answer and its confidence as the suggestion', async () => {
    // Both triaged before any agent answers, so no refit of answer confidence comes in between.
    agreed = await ask(PASSWORD);
    edited = await ask(DELETE_ACCOUNT);
    suggestions = new Map();
    for (const ticket of [agreed, edited]) {
      expect(ticket).toMatchObject({
        status: 'ESCALATED',
        escalation_reason: 'shadow_mode',
        response: null,
        response_source: null,
        first_response_at: null,
        resolved_at: null,
      });

      const [triaged] = await eventsOf(ticket.id, 'triaged');
      expect(triaged).toMatchObject({ from_status: 'OPEN', to_status: 'ESCALATED' });
      const audit = triaged!.data;
      expect(audit).toMatchObject({
        decision: 'escalate',
        reason: 'shadow_mode',
        mode: 'shadow',
        replySource: null,
        thresholds: { autoResolve: 0.9, used: 0.9 },
      });
      // The would-be answer and its answer confidence, at or above the threshold as live mode needs.
      const suggestion = audit.suggestedReply as string;
      expect(suggestion).toEqual(expect.any(String));
      expect(audit.answerConfidence as number).toBeGreaterThanOrEqual(0.9);
      expect(audit.suggestedReplyConfidence).toBe(audit.answerConfidence);
      suggestions.set(ticket.id, suggestion);

      // Every candidate is stored, none as sent: no customer got it, so no track record counts it.
      const candidates = await storedCandidates(ticket.id);
      expect(candidates.length).toBeGreaterThan(0);
      expect(candidates.every((c) => !c.sent)).toBe(true);
      expect(candidates[0]!.textKey).toBe(textKey(suggestion));
      expect(Number(candidates[0]!.confidence.toFixed(4))).toBe(audit.answerConfidence);

      // Chat is told of an escalation only: nothing for an automatic answer to be delivered from
      // (its SLA timers' changes refresh the agents' post of that escalation, and nothing else).
      const outcomes = await outcomeJobsFor(app.running.services, ticket.id);
      expect(outcomes.filter((job) => !isSlaKey(job.data.eventKey)).map((job) => job.data.status)).toEqual(['ESCALATED']);
      expect(new Set(outcomes.map((job) => job.data.status))).toEqual(new Set(['ESCALATED']));
    }
    expect(suggestions.get(agreed.id)).toContain('Acme Cloud');
  });

  it('records an agent who sends the suggestion unchanged as agreeing, and one who edits it as not', async () => {
    expect(await resolveAsAgent(agreed.id, suggestions.get(agreed.id)!)).toMatchObject({ agreedWithSuggestion: true });
    const changed = `${suggestions.get(edited.id)!}\n\nIf you still have a subscription, cancel it first under Billing.`;
    expect(await resolveAsAgent(edited.id, changed)).toMatchObject({ agreedWithSuggestion: false });
  });

  it('records no agreement when the pipeline had no suggestion', async () => {
    const prisma = app.running.services.db.prisma;
    // Escalated without candidates, the way a pipeline_error leaves a ticket.
    const ticket = await prisma.ticket.create({
      data: { source: 'API', requesterId: customer.id, message: 'Something odd', status: 'ESCALATED', escalationReason: 'pipeline_error' },
    });
    expect(await resolveAsAgent(ticket.id, 'Fixed on our side.')).toMatchObject({ agreedWithSuggestion: null });
  });

  it('reports the shadow tickets agents answered, with coverage and precision by threshold, in GET /admin/metrics', async () => {
    const res = await app.request({ method: 'GET', url: '/admin/metrics?window=24h', headers: adminAuth });
    expect(res.statusCode).toBe(200);
    const { shadow } = res.json<{
      shadow: { tickets: number; agreed: number; by_threshold: { threshold: number; coverage: number | null; precision: number | null }[] };
    }>();
    expect(shadow).toMatchObject({ tickets: 2, agreed: 1 });

    const best = new Map<string, number>();
    for (const ticket of [agreed, edited]) best.set(ticket.id, (await storedCandidates(ticket.id))[0]!.confidence);
    const expected = SHADOW_THRESHOLDS.map((threshold) => {
      const covered = [agreed, edited].filter((t) => best.get(t.id)! >= threshold);
      const agreeing = covered.filter((t) => t.id === agreed.id).length;
      return { threshold, coverage: covered.length / 2, precision: covered.length === 0 ? null : agreeing / covered.length };
    });
    expect(shadow.by_threshold).toEqual(expected);
    // Both were confident enough for live mode to answer: at 0.9 everything is covered, half agreed.
    expect(shadow.by_threshold.find((t) => t.threshold === 0.9)).toEqual({ threshold: 0.9, coverage: 1, precision: 0.5 });
  });

  it('describes the shadow figures in the OpenAPI document', async () => {
    const doc = (await app.request({ method: 'GET', url: '/openapi.json' })).json<{
      components: { schemas: Record<string, { properties: Record<string, { properties?: Record<string, unknown> }> }> };
    }>();
    const shadow = doc.components.schemas.Metrics!.properties.shadow!;
    expect(Object.keys(shadow.properties ?? {}).sort()).toEqual(['agreed', 'by_threshold', 'tickets']);
  });
});
