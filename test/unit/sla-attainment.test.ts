import { describe, expect, it } from 'vitest';
import { slaAttainmentTable } from '../../src/domain/sla-attainment.js';

describe('slaAttainmentTable', () => {
  it('lists every priority and metric, P1 first, with zeros and a null share where no timer stopped', () => {
    const table = slaAttainmentTable([], []);
    expect(table).toHaveLength(12);
    expect(table.slice(0, 3).map((r) => `${r.priority} ${r.metric}`)).toEqual(['P1 firstResponse', 'P1 nextResponse', 'P1 resolution']);
    expect(table.every((r) => r.met === 0 && r.breached === 0 && r.attainment === null && r.breachedOpen === 0)).toBe(true);
  });

  it('gives the share met of the stopped timers and the open breaches beside it', () => {
    const table = slaAttainmentTable(
      [
        { priority: 'P2', metric: 'resolution', met: 3, breached: 1 },
        { priority: 'P3', metric: 'firstResponse', met: 0, breached: 2 },
      ],
      [{ priority: 'P2', metric: 'resolution', count: 5 }],
    );
    const find = (priority: string, metric: string) => table.find((r) => r.priority === priority && r.metric === metric);
    expect(find('P2', 'resolution')).toEqual({
      priority: 'P2',
      metric: 'resolution',
      met: 3,
      breached: 1,
      attainment: 0.75,
      breachedOpen: 5,
    });
    expect(find('P3', 'firstResponse')).toMatchObject({ attainment: 0, breachedOpen: 0 });
    expect(find('P1', 'resolution')).toMatchObject({ attainment: null });
  });
});
