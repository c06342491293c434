// Skill-based assignment (pure): who each unclaimed escalation is offered to.
import { describe, expect, it } from 'vitest';
import { planOffers, type AgentLoad, type OpenEscalation } from '../../src/domain/assignment.js';

const agent = (id: string, skills: string[], load = 0, capacity = 3): AgentLoad => ({ id, skills, load, capacity });
let n = 0;
const ticket = (id: string, fields: Partial<OpenEscalation> = {}): OpenEscalation => ({
  id,
  number: (n += 1),
  priority: 'P3',
  requiredSkills: ['billing'],
  offeredToId: null,
  ...fields,
});

describe('planOffers', () => {
  it('offers to the least-loaded agent who has the skill', () => {
    const plan = planOffers([ticket('t1')], [agent('a', ['billing'], 2), agent('b', ['billing'], 1), agent('c', ['accounts'], 0)]);
    expect(plan.get('t1')).toBe('b');
  });

  it('breaks ties deterministically: fewer skills first, then id', () => {
    expect(planOffers([ticket('t1')], [agent('b', ['billing', 'accounts']), agent('a', ['billing', 'technical'])]).get('t1')).toBe('a');
    expect(planOffers([ticket('t1')], [agent('z', ['billing', 'accounts']), agent('y', ['billing'])]).get('t1')).toBe('y');
  });

  it('spreads a burst by counting the plan’s own offers, and leaves tickets unassigned when nobody qualified has room', () => {
    const plan = planOffers([ticket('t1'), ticket('t2'), ticket('t3')], [agent('a', ['billing'], 0, 1), agent('b', ['billing'], 0, 1)]);
    expect([plan.get('t1'), plan.get('t2'), plan.get('t3')]).toEqual(['a', 'b', null]);
  });

  it('serves P1 before older P3s when room is short', () => {
    const plan = planOffers([ticket('old', { priority: 'P3' }), ticket('urgent', { priority: 'P1' })], [agent('a', ['billing'], 0, 1)]);
    expect(plan.get('urgent')).toBe('a');
    expect(plan.get('old')).toBeNull();
  });

  it('needs every required skill, and lets anyone take a ticket that needs none', () => {
    const agents = [agent('a', ['billing']), agent('b', ['billing', 'legal'], 1)];
    expect(planOffers([ticket('t1', { requiredSkills: ['billing', 'legal'] })], agents).get('t1')).toBe('b');
    expect(planOffers([ticket('t2', { requiredSkills: [] })], [agent('c', [])]).get('t2')).toBe('c');
  });

  it('keeps an offer already made while its agent still qualifies and has room; moves it otherwise', () => {
    const agents = [agent('a', ['billing'], 1), agent('b', ['billing'], 0)];
    expect(planOffers([ticket('t1', { offeredToId: 'a' })], agents).get('t1')).toBe('a');
    expect(planOffers([ticket('t1', { offeredToId: 'a' })], [agent('a', ['billing'], 3), agent('b', ['billing'])]).get('t1')).toBe('b');
    expect(planOffers([ticket('t1', { offeredToId: 'gone' })], agents).get('t1')).toBe('b');
  });
});
