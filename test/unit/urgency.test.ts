import { describe, expect, it } from 'vitest';
import { priorityFor, urgencyLevelFor } from '../../src/domain/priority.js';
import { scoreUrgency } from '../../src/nlp/urgency.js';

describe('urgency', () => {
  it('makes outages, security, legal matters and double charges P1 on their own', () => {
    for (const text of [
      'Our whole site is down since this morning',
      'I think my account was hacked',
      'My lawyer will be in touch',
      'I was charged twice this month',
    ]) {
      const { score } = scoreUrgency(text);
      expect(priorityFor(score), text).toBe('P1');
    }
  });

  it('makes "urgent" P2, and P1 when the customer is also clearly upset', () => {
    expect(priorityFor(scoreUrgency('please help asap').score)).toBe('P2');
    const angry = scoreUrgency('URGENT!!! This is terrible, awful, horrible service, I hate it');
    expect(angry.sentiment).toBeLessThan(-0.8);
    expect(priorityFor(angry.score)).toBe('P1');
  });

  it('keeps ordinary questions P3 and does not let anger alone reach P2', () => {
    expect(scoreUrgency('How do I export my data?')).toEqual({ score: 0, cues: [], sentiment: 0 });
    expect(scoreUrgency('download the invoice for march').cues).toEqual([]);
    const angry = scoreUrgency('terrible awful horrible disgusting');
    expect(angry.score).toBeLessThanOrEqual(0.4);
    expect(priorityFor(angry.score)).toBe('P3');
  });

  it('combines cue and sentiment as 1 − (1 − C)(1 − 0.4·N)', () => {
    const { score, sentiment } = scoreUrgency('the app is broken and this is terrible');
    const negativity = Math.min(1, Math.max(0, -sentiment));
    expect(score).toBeCloseTo(1 - (1 - 0.4) * (1 - 0.4 * negativity), 2);
  });

  it('maps S to priority and level at 0.8 and 0.5', () => {
    expect([0.8, 0.79, 0.5, 0.49].map(priorityFor)).toEqual(['P1', 'P2', 'P2', 'P3']);
    expect([0.8, 0.5, 0.1].map(urgencyLevelFor)).toEqual(['CRITICAL', 'HIGH', 'NORMAL']);
  });
});
