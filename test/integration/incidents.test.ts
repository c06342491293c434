// Master incidents over the API, through the real pipeline on PostgreSQL: grouping (also under a
// burst handled concurrently), listing, unlinking a ticket grouped by mistake, and who may do what.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { TicketView } from '../helpers/tickets.js';
import type { Ticket } from '../../src/domain/ticket.js';

let app: TestApp;
let agent: { id: string; auth: Record<string, string> };

beforeAll(async () => {
  app = await startTestApp({ WORKER_CONCURRENCY: '5' });
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

  it('never overrides a customer’s request for a person: that report joins the incident but keeps its reason and its offer', async () => {
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
