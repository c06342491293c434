// Master incidents at the use-case level: a burst of near-duplicate reports grouped by the grouper
// and the repository, then resolved or taken apart by agents. Over the in-memory ports (test/memory)
// and a clock of the test's; what a burst is is specified purely in incident-burst.test.ts, which
// reports group in incident-grouping.test.ts.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/domain/ticket.js';
import { createIncidentGrouper, type IncidentSettings } from '../../src/pipeline/incidents/incident-grouper.js';
import { resolveIncident, unlinkFromIncident } from '../../src/pipeline/incidents/manage-incident.js';
import { aCustomer, actorOf, anAgent, memoryDeps } from '../memory/index.js';

const REPORTS = [
  'The checkout page is broken, I cannot pay',
  'Checkout page broken - cannot pay!',
  'the checkout page is broken and I cannot pay',
];
const ORDER_STATUS = [
  'Where is my order? Checking the order status',
  'Checking order status: where is my order?',
  'where is my order, checking status',
];
const MINUTE = 60_000;
const SETTINGS: IncidentSettings = {
  burstMs: 10 * MINUTE,
  baselineMs: 6 * 60 * MINUTE,
  similarity: 0.6,
  minReports: 3,
  minRatio: 5,
  maxProbability: 0.001,
};

async function setting() {
  let clock = Date.parse('2026-11-21T06:00:00Z');
  const now = () => new Date(clock);
  const deps = memoryDeps({ clock: now });
  const grouper = createIncidentGrouper({ incidents: deps.incidents, settings: SETTINGS, log: deps.log, now });
  const agent = actorOf(await anAgent(deps, 'Alex Agent'));
  const open = async (message: string) => {
    const customer = await aCustomer(deps);
    return deps.tickets.create({ source: 'API', requesterId: customer.id, message }, { type: 'created', actor: { kind: 'system' } });
  };
  const decide = (ticket: Ticket, escalating: boolean) =>
    deps.tickets.transition(
      ticket.id,
      'OPEN',
      escalating ? 'ESCALATED' : 'AUTO_RESOLVED',
      { response: escalating ? null : 'Try again.' },
      { type: 'triaged', actor: { kind: 'system' } },
    );
  /** A report as the pipeline handles it: grouped while OPEN, then escalated (or answered). */
  const report = async (message: string, escalating = true) => {
    const ticket = await open(message);
    const grouping = await grouper.group(ticket, { escalating, intent: 'payments' });
    await decide(ticket, escalating);
    return { ticket, grouping };
  };
  // An established deployment: its first ticket a month ago (a young one's baseline is its short history).
  const old = await open('An old question from before these reports');
  deps.store.tickets.get(old.id)!.createdAt = new Date(clock - 30 * 24 * 60 * MINUTE);
  /** A ticket from before the test's reports, decided without the grouper (history). */
  const past = async (message: string, escalating: boolean) => decide(await open(message), escalating);
  const advance = (ms: number) => {
    clock += ms;
  };
  const current = async (t: Ticket) => (await deps.tickets.findById(t.id))!;
  return { deps, grouper, agent, report, past, advance, current };
}

/** Three near-duplicate reports seconds apart, of something not seen before: the third opens the incident. */
async function withIncident() {
  const s = await setting();
  const reports = [];
  for (const message of REPORTS) {
    reports.push(await s.report(message));
    s.advance(5_000);
  }
  const opened = reports[2]!.grouping;
  if (opened.kind === 'none') throw new Error('expected an incident');
  return { ...s, tickets: reports.map((r) => r.ticket), incidentId: opened.incident.id };
}

describe('grouping a burst of near-duplicate reports', () => {
  it('opens an incident once enough reporters of something new arrive within minutes, named after the first, every report linked', async () => {
    const { deps, report, advance, current } = await setting();
    const first = await report(REPORTS[0]!);
    advance(20_000);
    const second = await report(REPORTS[1]!);
    advance(20_000);
    expect([first.grouping, second.grouping]).toEqual([{ kind: 'none' }, { kind: 'none' }]);
    const third = await report(REPORTS[2]!);
    expect(third.grouping).toMatchObject({ kind: 'opened', incident: { status: 'OPEN', title: REPORTS[0], intent: 'payments' } });
    const incidentId = third.grouping.kind === 'opened' ? third.grouping.incident.id : '';
    for (const { ticket } of [first, second, third]) {
      expect((await current(ticket)).incidentId).toBe(incidentId);
      expect((await deps.tickets.listEvents(ticket.id)).map((e) => e.type)).toContain('incident_linked');
    }
    expect(await deps.incidents.findById(incidentId)).toMatchObject({ ticketCount: 3, openTicketCount: 3 });
  });

  it('groups a report of the burst the pipeline could answer, and keeps unrelated tickets out', async () => {
    const { deps, report, incidentId, current } = await withIncident();
    const answerable = await report('The checkout page is broken, I cannot pay', false);
    expect(answerable.grouping).toMatchObject({ kind: 'joined', incident: { id: incidentId }, linkedTicketIds: [answerable.ticket.id] });
    const unrelated = await report('How do I add a teammate to my workspace?');
    expect(unrelated.grouping).toEqual({ kind: 'none' });
    expect((await current(unrelated.ticket)).incidentId).toBeNull();
    expect(await deps.incidents.findById(incidentId)).toMatchObject({ ticketCount: 4 });
  });

  it('counts one customer repeating a report once: three messages of one person are no burst', async () => {
    const { deps, grouper } = await setting();
    const customer = await aCustomer(deps);
    const groupings = [];
    for (const message of REPORTS) {
      const ticket = await deps.tickets.create(
        { source: 'API', requesterId: customer.id, message },
        { type: 'created', actor: { kind: 'system' } },
      );
      groupings.push(await grouper.group(ticket, { escalating: true, intent: null }));
    }
    expect(groupings).toEqual([{ kind: 'none' }, { kind: 'none' }, { kind: 'none' }]);
  });

  it('forms no incident from a common question asked all day, however many of its tickets wait for a person', async () => {
    const { deps, report, past, advance } = await setting();
    // Six hours of "where is my order", one every three minutes, all still waiting for a person.
    for (let i = 0; i < 120; i++) {
      await past(ORDER_STATUS[i % ORDER_STATUS.length]!, true);
      advance(3 * MINUTE);
    }
    // It goes on at its usual pace, answerable or not: none of it is an incident.
    for (let i = 0; i < 20; i++) {
      expect((await report(ORDER_STATUS[i % ORDER_STATUS.length]!, i % 2 === 0)).grouping).toEqual({ kind: 'none' });
      advance(3 * MINUTE);
    }
    expect(await deps.incidents.list({ limit: 10 })).toEqual([]);

    // Twenty of it within two minutes is much faster than usual: that is news.
    const groupings = [];
    for (let i = 0; i < 20; i++) {
      groupings.push((await report(ORDER_STATUS[i % ORDER_STATUS.length]!, false)).grouping.kind);
      advance(6_000);
    }
    expect(groupings.slice(0, 10)).toEqual(Array(10).fill('none'));
    expect(groupings.filter((kind) => kind === 'opened')).toHaveLength(1);
    expect(groupings.at(-1)).toBe('joined');
    expect(await deps.incidents.list({ limit: 10 })).toHaveLength(1);
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
