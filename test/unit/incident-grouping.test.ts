// Which reports group under an incident (pure), and the index of recent tickets they are found in.
import { describe, expect, it } from 'vitest';
import { planIncident, type ClusterCandidate } from '../../src/domain/incident.js';
import { RecentTicketIndex } from '../../src/nlp/recent-ticket-index.js';

const c = (id: string, fields: Partial<ClusterCandidate> = {}): ClusterCandidate => ({
  id,
  status: 'ESCALATED',
  incidentId: null,
  incidentStatus: null,
  recent: true,
  ...fields,
});
const BURST = { burst: true, escalating: false };
const ESCALATING = { burst: false, escalating: true };
const NEITHER = { burst: false, escalating: false };

describe('planIncident', () => {
  it('opens an incident for a report in a burst, bringing the burst’s reports still waiting and in no incident', () => {
    expect(planIncident([c('a'), c('b')], BURST)).toEqual({ kind: 'open', ticketIds: ['a', 'b'] });
    // Its first reports were answered before it was a burst: it opens with the report alone.
    expect(planIncident([c('a', { status: 'AUTO_RESOLVED' })], BURST)).toEqual({ kind: 'open', ticketIds: [] });
  });

  it('groups a report in a burst whether or not it would be answered', () => {
    expect(planIncident([c('a')], { burst: true, escalating: true })).toEqual({ kind: 'open', ticketIds: ['a'] });
    expect(planIncident([c('a')], { burst: true, escalating: false })).toEqual({ kind: 'open', ticketIds: ['a'] });
  });

  it('never opens an incident for a report in no burst, however many similar tickets wait', () => {
    const waiting = Array.from({ length: 170 }, (_, i) => c(`t${i}`));
    expect(planIncident(waiting, ESCALATING)).toEqual({ kind: 'none' });
    expect(planIncident(waiting, NEITHER)).toEqual({ kind: 'none' });
  });

  it('joins the open incident of the best candidate that has one, bringing the burst’s ungrouped reports along', () => {
    const plan = planIncident(
      [c('a'), c('b', { incidentId: 'i1', incidentStatus: 'OPEN' }), c('d', { incidentId: 'i2', incidentStatus: 'OPEN' })],
      BURST,
    );
    expect(plan).toEqual({ kind: 'join', incidentId: 'i1', ticketIds: ['a'] });
  });

  it('lets a report going to a person anyway join an open incident it matches, even an older report of it (an outage’s reports trickle in)', () => {
    const older = c('old', { recent: false, incidentId: 'i1', incidentStatus: 'OPEN' });
    expect(planIncident([older], ESCALATING)).toEqual({ kind: 'join', incidentId: 'i1', ticketIds: [] });
    // Older ungrouped tickets are no part of this report's burst: they stay as they are.
    expect(planIncident([c('x', { recent: false }), older], BURST)).toEqual({ kind: 'join', incidentId: 'i1', ticketIds: [] });
  });

  it('answers a report in no burst that it can answer, even when it matches an open incident', () => {
    expect(planIncident([c('a', { incidentId: 'i1', incidentStatus: 'OPEN' })], NEITHER)).toEqual({ kind: 'none' });
  });

  it('ignores resolved incidents, and brings along only tickets still waiting for a person', () => {
    const candidates = [
      c('a', { incidentId: 'old', incidentStatus: 'RESOLVED' }),
      c('b', { status: 'RESOLVED' }),
      c('x', { status: 'AUTO_RESOLVED' }),
      c('d'),
      c('e', { status: 'IN_PROGRESS' }),
      c('f', { status: 'OPEN' }),
    ];
    expect(planIncident(candidates, ESCALATING)).toEqual({ kind: 'none' });
    expect(planIncident(candidates, BURST)).toEqual({ kind: 'open', ticketIds: ['d', 'e', 'f'] });
  });
});

describe('RecentTicketIndex', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 12, minute));
  const WINDOW = 30 * 60_000;

  it('finds near-duplicates best first with their cosine, not unrelated tickets or the ticket itself', () => {
    const index = new RecentTicketIndex(WINDOW);
    index.upsert('a', 'The checkout page is broken, I cannot pay', at(0), at(0));
    index.upsert('b', 'Checkout page broken - cannot pay!', at(1), at(1));
    index.upsert('c', 'How do I change my avatar?', at(2), at(2));
    const matches = index.similar('the checkout page is broken and I cannot pay', at(3), 0.6, 'a');
    expect(matches.map((m) => m.id)).toEqual(['b']);
    expect(matches[0]!.score).toBeGreaterThan(0.9);
    expect(
      index
        .similar('checkout page broken, cannot pay', at(3), 0.6)
        .map((m) => m.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('keeps a burst of duplicates alike however many there are (no window-local IDF)', () => {
    const index = new RecentTicketIndex(WINDOW);
    for (let i = 0; i < 500; i++)
      index.upsert(`t${i}`, `CSV exports are down since the update (${['team', 'ops', 'ceo'][i % 3]})`, at(1), at(1));
    const [best] = index.similar('CSV exports are down since the update (finance)', at(2), 0.6);
    expect(best!.score).toBeGreaterThan(0.8);
  });

  it('forgets tickets older than the window and removed ones, and replaces a re-added one', () => {
    const index = new RecentTicketIndex(WINDOW);
    index.upsert('old', 'login page is down', at(0), at(0));
    index.upsert('new', 'login page is down', at(20), at(20));
    index.upsert('gone', 'login page is down', at(21), at(21));
    index.remove('gone');
    expect(index.similar('login page down', at(35), 0.6).map((m) => m.id)).toEqual(['new']);
    expect(index.size).toBe(1);
    index.upsert('new', 'How do I export invoices?', at(20), at(36));
    expect(index.similar('login page down', at(36), 0.6)).toEqual([]);
    index.upsert('late', 'login page is down', at(0), at(40));
    expect(index.has('late')).toBe(false);
  });

  it('lists every match with when it came and from whom, for the burst detector to count', () => {
    const index = new RecentTicketIndex(WINDOW);
    for (let i = 0; i < 30; i++) index.upsert(`t${i}`, 'Where is my order? Checking order status', at(i % 25), at(25), `customer-${i % 4}`);
    const matches = index.matches('checking my order status', at(25), 0.6);
    expect(matches).toHaveLength(30);
    expect(new Set(matches.map((m) => m.reporter))).toEqual(new Set(['customer-0', 'customer-1', 'customer-2', 'customer-3']));
    expect(matches.find((m) => m.id === 't3')!.createdAt).toBe(at(3).getTime());
    expect(index.similar('checking my order status', at(25), 0.6)).toHaveLength(20);
  });
});
