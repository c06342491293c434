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

  it('moves an offer away from an agent passed over (an SLA breach), and back to them only when nobody else qualified has room', () => {
    const agents = [agent('a', ['billing']), agent('b', ['billing'], 2)];
    expect(planOffers([ticket('t1', { offeredToId: 'a', passedOverIds: ['a'] })], agents).get('t1')).toBe('b');
    const busy = [agent('a', ['billing']), agent('b', ['billing'], 3)];
    expect(planOffers([ticket('t1', { offeredToId: 'a', passedOverIds: ['a'] })], busy).get('t1')).toBe('a');
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

  it('offers a workspace’s ticket only to agents of that workspace, or to agents not known on its platform', () => {
    const alpha = { platform: 'SLACK' as const, workspaceId: 'T-ALPHA' };
    const beta = { platform: 'SLACK' as const, workspaceId: 'T-BETA' };
    const betaAgent = { ...agent('beta-agent', ['billing']), chatPlaces: [beta] };
    const alphaAgent = { ...agent('alpha-agent', ['billing'], 2), chatPlaces: [alpha] };
    expect(planOffers([ticket('t1', { chatPlace: alpha })], [betaAgent, alphaAgent]).get('t1')).toBe('alpha-agent');
    expect(planOffers([ticket('t2', { chatPlace: alpha })], [betaAgent]).get('t2')).toBeNull();
    // Known only on Discord, or nowhere in chat: may take a Slack ticket (a cross-platform agents' channel, the API).
    const discordAgent = { ...agent('discord-agent', ['billing']), chatPlaces: [{ platform: 'DISCORD' as const, workspaceId: '' }] };
    expect(planOffers([ticket('t3', { chatPlace: alpha })], [betaAgent, discordAgent]).get('t3')).toBe('discord-agent');
    // A Discord user id spans servers (workspace ''): such an agent is not tied to one server.
    expect(planOffers([ticket('t4', { chatPlace: { platform: 'DISCORD', workspaceId: 'G1' } })], [discordAgent]).get('t4')).toBe(
      'discord-agent',
    );
    // An API ticket goes to anyone qualified.
    expect(planOffers([ticket('t5', { chatPlace: null })], [betaAgent]).get('t5')).toBe('beta-agent');
  });
});
