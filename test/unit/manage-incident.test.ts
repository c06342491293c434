// Master incidents at the use-case level: near-duplicate escalations grouped by the grouper and the
// repository, then resolved or taken apart by agents. Over the in-memory ports (test/memory);
// which reports group at all is specified purely in incident-grouping.test.ts.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { createIncidentGrouper } from '../../src/pipeline/incidents/incident-grouper.js';
import { resolveIncident, unlinkFromIncident } from '../../src/pipeline/incidents/manage-incident.js';
import { aCustomer, actorOf, anAgent, memoryDeps } from '../memory/index.js';

const REPORTS = [
  'The checkout page is broken, I cannot pay',
  'Checkout page broken - cannot pay!',
  'the checkout page is broken and I cannot pay',
];
const SETTINGS = { windowMs: 30 * 60_000, similarity: 0.6, minTickets: 3 };

async function setting() {
  const deps = memoryDeps();
  const grouper = createIncidentGrouper({ incidents: deps.incidents, settings: SETTINGS, log: deps.log });
  const agent = actorOf(await anAgent(deps, 'Alex Agent'));
  /** A report as the pipeline handles it: grouped while OPEN, then escalated (or answered). */
  const report = async (message: string, escalating = true) => {
    const customer = await aCustomer(deps);
    const ticket = await deps.tickets.create(
      { source: 'API', requesterId: customer.id, message },
      { type: 'created', actor: { kind: 'system' } },
    );
    const grouping = await grouper.group(ticket, { escalating, intent: 'payments' });
    await deps.tickets.transition(
      ticket.id,
      'OPEN',
      escalating ? 'ESCALATED' : 'AUTO_RESOLVED',
      { response: escalating ? null : 'Try again.' },
      {
        type: 'triaged',
        actor: { kind: 'system' },
      },
    );
    return { ticket, grouping };
  };
  const current = async (t: Ticket) => (await deps.tickets.findById(t.id))!;
  return { deps, grouper, agent, report, current };
}

/** Three near-duplicate escalations: the third opens the incident. */
async function withIncident() {
  const s = await setting();
  const reports = [];
  for (const message of REPORTS) reports.push(await s.report(message));
  const opened = reports[2]!.grouping;
  if (opened.kind === 'none') throw new Error('expected an incident');
  return { ...s, tickets: reports.map((r) => r.ticket), incidentId: opened.incident.id };
}

describe('grouping near-duplicate escalations', () => {
  it('opens an incident once enough reports of one problem wait for a person, named after the first, every report linked', async () => {
    const { deps, report, current } = await setting();
    const first = await report(REPORTS[0]!);
    const second = await report(REPORTS[1]!);
    expect([first.grouping, second.grouping]).toEqual([{ kind: 'none' }, { kind: 'none' }]);
    const third = await report(REPORTS[2]!);
    expect(third.grouping).toMatchObject({ kind: 'opened', incident: { status: 'OPEN', title: REPORTS[0], intent: 'payments' } });
    const incidentId = third.grouping.kind === 'opened' ? third.grouping.incident.id : '';
    for (const { ticket } of [first, second, third]) {
      expect((await current(ticket)).incidentId).toBe(incidentId);
      expect((await deps.tickets.listEvents(ticket.id)).map((e) => e.type)).toContain('incident_linked');
    }
    expect(await deps.incidents.findById(incidentId)).toMatchObject({ ticketCount: 3, openTicketCount: 3, ticketNumbers: [1, 2, 3] });
  });

  it('adds a later report to the open incident, and keeps unrelated tickets and answerable ones out', async () => {
    const { deps, report, incidentId, current } = await withIncident();
    const later = await report('Checkout page is broken: I cannot pay');
    expect(later.grouping).toMatchObject({ kind: 'joined', incident: { id: incidentId }, linkedTicketIds: [later.ticket.id] });
    const unrelated = await report('How do I add a teammate to my workspace?');
    const answerable = await report('The checkout page is broken, I cannot pay', false);
    expect(unrelated.grouping).toEqual({ kind: 'none' });
    expect(answerable.grouping).toEqual({ kind: 'none' });
    expect((await current(unrelated.ticket)).incidentId).toBeNull();
    expect((await current(answerable.ticket)).incidentId).toBeNull();
    expect(await deps.incidents.findById(incidentId)).toMatchObject({ ticketCount: 4 });
  });
});

describe('resolving an incident', () => {
  it('closes it and answers every waiting report as the resolving agent, then refreshes the incident’s post', async () => {
    const { deps, agent, tickets, incidentId, current } = await withIncident();
    const result = await resolveIncident(deps, agent, incidentId, { response: 'Payments work again.' });
    expect(result).toMatchObject({
      resolved: 3,
      skipped: 0,
      incident: { status: 'RESOLVED', response: 'Payments work again.', openTicketCount: 0 },
    });
    for (const ticket of tickets) {
      expect(await current(ticket)).toMatchObject({ status: 'RESOLVED', response: 'Payments work again.', assigneeId: agent.userId });
    }
    expect(deps.outcomes.published).toEqual([
      ...tickets.map((t) => ({ ticketId: t.id, status: 'RESOLVED', eventKey: 'resolved' })),
      { ticketId: tickets[0]!.id, status: 'RESOLVED', eventKey: 'incident_resolved', incidentId },
    ]);
  });

  it('leaves a report another agent claimed to them, counting it as skipped', async () => {
    const { deps, agent, tickets, incidentId, current } = await withIncident();
    const other = actorOf(await anAgent(deps, 'Olive Other'));
    await deps.tickets.transition(
      tickets[1]!.id,
      'ESCALATED',
      'IN_PROGRESS',
      { assigneeId: other.userId },
      { type: 'claimed', actor: other },
    );
    expect(await resolveIncident(deps, agent, incidentId, { response: 'Fixed.' })).toMatchObject({ resolved: 2, skipped: 1 });
    expect(await current(tickets[1]!)).toMatchObject({ status: 'IN_PROGRESS', assigneeId: other.userId });
  });

  it('refuses a second resolution, an unknown incident, a bad intent (before closing it) and customers', async () => {
    const { deps, agent, incidentId } = await withIncident();
    const customer = actorOf(await aCustomer(deps));
    await expect(resolveIncident(deps, customer, incidentId, { response: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resolveIncident(deps, agent, '00000000-0000-4000-8000-000000000000', { response: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(resolveIncident(deps, agent, incidentId, { response: 'x', intent: 'Not A Name!' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await deps.incidents.findById(incidentId))!.status).toBe('OPEN');
    await resolveIncident(deps, agent, incidentId, { response: 'Fixed.' });
    await expect(resolveIncident(deps, agent, incidentId, { response: 'Fixed again.' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('taking a report out of an incident', () => {
  it('unlinks it with an event and tells chat, so it gets a post of its own and the incident’s count drops', async () => {
    const { deps, agent, tickets, incidentId, current } = await withIncident();
    const summary = await unlinkFromIncident(deps, agent, incidentId, tickets[0]!.id);
    expect(summary).toMatchObject({ ticketCount: 2, ticketNumbers: [tickets[1]!.number, tickets[2]!.number] });
    expect((await current(tickets[0]!)).incidentId).toBeNull();
    expect((await deps.tickets.listEvents(tickets[0]!.id)).at(-1)).toMatchObject({
      type: 'incident_unlinked',
      actorId: agent.userId,
      data: { incidentId },
    });
    expect(deps.outcomes.published).toEqual([{ ticketId: tickets[0]!.id, status: 'ESCALATED', eventKey: 'unlinked', incidentId }]);
  });

  it('answers not_found for a report that is not in it (any more), and forbids customers', async () => {
    const { deps, agent, tickets, incidentId } = await withIncident();
    await unlinkFromIncident(deps, agent, incidentId, tickets[0]!.id);
    await expect(unlinkFromIncident(deps, agent, incidentId, tickets[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
    const customer = actorOf(await aCustomer(deps));
    await expect(unlinkFromIncident(deps, customer, incidentId, tickets[1]!.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
