import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { allowedTransitions, assertTransition, canTransition } from '../../src/domain/ticket-lifecycle.js';
import { TICKET_STATUSES, type TicketStatus } from '../../src/domain/ticket.js';

const LEGAL: [TicketStatus, TicketStatus][] = [
  ['OPEN', 'AUTO_RESOLVED'],
  ['OPEN', 'ESCALATED'],
  ['ESCALATED', 'IN_PROGRESS'],
  ['IN_PROGRESS', 'RESOLVED'],
  ['IN_PROGRESS', 'ESCALATED'],
  ['AUTO_RESOLVED', 'ESCALATED'],
  ['AUTO_RESOLVED', 'CLOSED'],
  ['RESOLVED', 'CLOSED'],
];

describe('ticket lifecycle', () => {
  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('allows nothing else', () => {
    const legal = new Set(LEGAL.map(([a, b]) => `${a}>${b}`));
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(legal.has(`${from}>${to}`));
      }
    }
  });

  it('makes CLOSED final', () => expect(allowedTransitions('CLOSED')).toEqual([]));

  it('reports an illegal change as a typed illegal_transition error with what is allowed', () => {
    let caught: unknown;
    try {
      assertTransition('OPEN', 'RESOLVED');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      code: 'illegal_transition',
      details: { from: 'OPEN', to: 'RESOLVED', allowed: ['AUTO_RESOLVED', 'ESCALATED'] },
    });
  });
});
