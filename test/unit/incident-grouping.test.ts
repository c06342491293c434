// Which reports group under an incident (pure), and the index of recent open tickets they are found in.
import { describe, expect, it } from 'vitest';
import { planIncident, type ClusterCandidate } from '../../src/domain/incident.js';
import { RecentTicketIndex } from '../../src/nlp/recent-ticket-index.js';

const c = (id: string, fields: Partial<ClusterCandidate> = {}): ClusterCandidate => ({
  id,
  status: 'ESCALATED',
  incidentId: null,
  incidentStatus: null,
  ...fields,
});

describe('planIncident', () => {
  it('opens an incident once the ticket and its ungrouped open candidates reach the minimum', () => {
    expect(planIncident([c('a')], 3, true)).toEqual({ kind: 'none' });
    expect(planIncident([c('a'), c('b')], 3, true)).toEqual({ kind: 'open', ticketIds: ['a', 'b'] });
  });

  it('leaves a ticket the pipeline can answer to be answered: it neither opens nor joins one', () => {
    expect(planIncident([c('a'), c('b')], 3, false)).toEqual({ kind: 'none' });
    expect(planIncident([c('a', { incidentId: 'i1', incidentStatus: 'OPEN' })], 3, false)).toEqual({ kind: 'none' });
  });

  it('joins the open incident of the best candidate that has one, bringing ungrouped candidates along', () => {
    const plan = planIncident(
      [c('a'), c('b', { incidentId: 'i1', incidentStatus: 'OPEN' }), c('d', { incidentId: 'i2', incidentStatus: 'OPEN' })],
      3,
      true,
    );
    expect(plan).toEqual({ kind: 'join', incidentId: 'i1', ticketIds: ['a'] });
  });

  it('ignores resolved incidents and tickets no longer waiting for a person', () => {
    const candidates = [
      c('a', { incidentId: 'old', incidentStatus: 'RESOLVED' }),
      c('b', { status: 'RESOLVED' }),
      c('x', { status: 'AUTO_RESOLVED' }),
      c('d'),
    ];
    expect(planIncident(candidates, 3, true)).toEqual({ kind: 'none' });
    expect(planIncident([...candidates, c('e', { status: 'IN_PROGRESS' })], 3, true)).toEqual({ kind: 'open', ticketIds: ['d', 'e'] });
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
});
