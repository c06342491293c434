// Master incidents over the API, through the real pipeline on PostgreSQL and Redis: a burst of
// near-duplicate reports grouped (also handled concurrently, and when the pipeline could answer
// them), a common question asked all day never grouped however many of it wait, listing,
// unlinking a ticket grouped by mistake, and who may do what.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { seedDeploymentHistory, type TicketView } from '../helpers/tickets.js';
import type { Ticket } from '../../src/domain/ticket.js';

let app: TestApp;
let agent: { id: string; auth: Record<string, string> };

beforeAll(async () => {
  app = await startTestApp({ WORKER_CONCURRENCY: '5' });
  await seedDeploymentHistory(app);
  agent = await createStaff(app, 'AGENT');
});
afterAll(() => app?.stop());

async function report(message: string): Promise<TicketView> {
  const { auth } = await signUp(app);
  const res = await app.request({ method: 'POST', url: '/tickets', headers: auth, payload: { message } });
  expect(res.statusCode).toBe(202);
  return res.json<TicketView>();
}

const incidents = async (query = '') =>
  (await app.request({ method: 'GET', url: `/admin/incidents${query}`, headers: agent.auth })).json<{
    items: { id: string; ticket_count: number; open_ticket_count: number; status: string; title: string }[];
  }>().items;

describe('master incidents over the API', () => {
  it('groups a burst of near-duplicates handled concurrently into exactly one incident', async () => {
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        report(`CSV exports are down since the update${'!'.repeat(i % 3)} (${['team', 'ops', 'ceo', 'me'][i % 4]})`),
      ),
    );
    const settled = await Promise.all(burst.map((t) => untilStatus(app.running.services, t.id, ['ESCALATED'])));
    // The first reports were escalated on their own and then pulled in when the incident opened.
    const current = await eventually(async () => {
      const now = await Promise.all(settled.map((t) => app.running.services.tickets.findById(t.id)));
      return now.every((t) => t?.incidentId) && now;
    }, 'every report to be grouped');
    const ids = new Set(current.map((t) => t!.incidentId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeTruthy();
    const [incident] = (await incidents('?status=OPEN')).filter((i) => i.id === [...ids][0]);
    expect(incident).toMatchObject({ ticket_count: 8, open_ticket_count: 8, status: 'OPEN' });
  });

  it('keeps unrelated tickets apart, and lets an agent take out a ticket grouped by mistake', async () => {
    const unrelated = await report(`How do I add a teammate to my workspace? ${randomUUID()}`);
    const group = [];
    for (const message of [
      'Outage: the mobile app crashes when I open settings',
      'Outage - mobile app crashes when opening settings',
      'outage, the mobile app crashes on opening the settings screen',
    ]) {
      group.push(await untilStatus(app.running.services, (await report(message)).id, ['ESCALATED']));
    }
    const incidentId = (await app.running.services.tickets.findById(group[2]!.id))!.incidentId!;
    expect(incidentId).toBeTruthy();
    expect((await untilStatus(app.running.services, unrelated.id, ['ESCALATED', 'AUTO_RESOLVED'])).incidentId).toBeNull();

    const res = await app.request({ method: 'POST', url: `/incidents/${incidentId}/unlink/${group[0]!.id}`, headers: agent.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ticket_count: 2 });
    const unlinked = (await app.request({ method: 'GET', url: `/tickets/${group[0]!.id}`, headers: agent.auth })).json<TicketView>();
    expect(unlinked.incident_id).toBeNull();
    const events = await app.running.services.tickets.listEvents(group[0]!.id);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['incident_linked', 'incident_unlinked']));

    // Again: it is no longer in it.
    const again = await app.request({ method: 'POST', url: `/incidents/${incidentId}/unlink/${group[0]!.id}`, headers: agent.auth });
    expect(again.statusCode).toBe(404);
  });

  it('never overrides a customer’s request for a person in a burst: that report joins the incident but still escalates, with its reason and its offer', async () => {
    const group: Ticket[] = [];
    for (const message of [
      'Outage: invoices page shows a blank screen for everyone',
      'Outage - the invoices page is a blank screen for everyone',
      'outage, invoices page blank screen for everyone here',
      'Outage: the invoices page is blank for everyone, I want to talk to a human',
    ]) {
      group.push(await untilStatus(app.running.services, (await report(message)).id, ['ESCALATED']));
    }
    const human = await eventually(async () => {
      const t = await app.running.services.tickets.findById(group[3]!.id);
      return t?.incidentId ? t : null;
    }, 'the request for a person linked to the incident');
    expect(human.escalationReason).toBe('customer_requested_human');
    const grouped = await app.running.services.tickets.findById(group[2]!.id);
    expect(grouped).toMatchObject({ escalationReason: 'incident', incidentId: human.incidentId });
    const open = (await app.running.services.assignments.listOpenEscalations()).map((t) => t.id);
    expect(open).toContain(human.id);
    expect(open).not.toContain(grouped!.id);
  });

  it('groups a burst of reports the pipeline answers confidently: the first are answered, then the burst is an incident and the rest are told it is known', async () => {
    // Alone, this message gets the generic technical_issue template.
    const messages = [
      'The page does not load, I get an error when I open it',
      'the page does not load and I get an error when I open it',
      'The page does not load, I get an error when I open it!',
      'Page does not load: I get an error when I open it',
      'the page does not load, I get an error when I open it.',
    ];
    const decided: Ticket[] = [];
    for (const message of messages) {
      decided.push(await untilStatus(app.running.services, (await report(message)).id, ['AUTO_RESOLVED', 'ESCALATED']));
    }
    // Two reporters are no burst yet: answered as usual.
    expect(decided.slice(0, 2).map((t) => [t.status, t.incidentId])).toEqual([
      ['AUTO_RESOLVED', null],
      ['AUTO_RESOLVED', null],
    ]);
    // From the third on, each is grouped instead of answered, though the pipeline was confident.
    const grouped = decided.slice(2);
    for (const t of grouped) expect(t).toMatchObject({ status: 'ESCALATED', escalationReason: 'incident', response: null });
    expect(new Set(grouped.map((t) => t.incidentId)).size).toBe(1);
    const triaged = (await app.running.services.tickets.listEvents(grouped[0]!.id)).find((e) => e.type === 'triaged')!;
    expect(triaged.data).toMatchObject({ decision: 'auto_resolve', incident: { grouping: 'opened' } });
    const incident = (await incidents('?status=OPEN')).find((i) => i.id === grouped[0]!.incidentId);
    expect(incident).toMatchObject({ ticket_count: 3, open_ticket_count: 3, title: messages[2] });
  });

  it('never groups a common question asked all day, however many of its tickets wait for a person', async () => {
    // Six hours of "where is my order?", 170 of them still escalated, from a handful of customers.
    const customers = await Promise.all(Array.from({ length: 5 }, () => signUp(app)));
    const asked = ['Where is my order? I want to check my order status', 'checking my order status, where is my order?'];
    const now = Date.now();
    await app.running.services.db.prisma.ticket.createMany({
      data: Array.from({ length: 170 }, (_, i) => ({
        source: 'API' as const,
        requesterId: customers[i % customers.length]!.id,
        message: asked[i % asked.length]!,
        status: 'ESCALATED' as const,
        escalationReason: 'unknown_intent' as const,
        createdAt: new Date(now - 6 * 3_600_000 + (i + 1) * 120_000),
      })),
    });
    // In life that history is hours old; here it is written at once, so give the worker's index the
    // time it takes to read other processes' tickets (at most every 0.5 s) before asking more.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = (await incidents()).length;
    // More of it, at about its usual pace (five within a minute): each goes to a person on its own.
    const more = [];
    for (let i = 0; i < 5; i++)
      more.push(await untilStatus(app.running.services, (await report(asked[i % 2]!)).id, ['ESCALATED', 'AUTO_RESOLVED']));
    for (const t of more) expect(t).toMatchObject({ incidentId: null });
    expect(more.map((t) => t.escalationReason)).not.toContain('incident');
    expect(await incidents()).toHaveLength(before);
  });

  it('refuses customers, unknown incidents, malformed ids and a second resolution', async () => {
    const customer = await signUp(app);
    expect((await app.request({ method: 'GET', url: '/admin/incidents', headers: customer.auth })).statusCode).toBe(403);
    const [open] = await incidents('?status=OPEN');
    const resolve = (id: string, auth = agent.auth) =>
      app.request({ method: 'POST', url: `/incidents/${id}/resolve`, headers: auth, payload: { response: 'Fixed: please try again.' } });
    expect((await resolve(open!.id, customer.auth)).statusCode).toBe(403);
    expect((await resolve(randomUUID())).statusCode).toBe(404);
    expect((await resolve('not-a-uuid')).json()).toMatchObject({ error: { code: 'validation_failed' } });
    const first = await resolve(open!.id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ incident: { status: 'RESOLVED', open_ticket_count: 0 } });
    expect((await resolve(open!.id)).statusCode).toBe(409);
    expect((await incidents('?status=RESOLVED')).map((i) => i.id)).toContain(open!.id);
  });
});
