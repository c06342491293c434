// The one place that says which status changes are allowed.
import { AppError } from './errors.js';
import type { TicketStatus } from './ticket.js';

const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  OPEN: ['AUTO_RESOLVED', 'ESCALATED'],
  AUTO_RESOLVED: ['ESCALATED', 'CLOSED'], // the customer still needs help, or it is done
  ESCALATED: ['IN_PROGRESS'], // an agent claimed it
  IN_PROGRESS: ['RESOLVED', 'ESCALATED'], // answered, or released back to the queue
  RESOLVED: ['CLOSED'],
  CLOSED: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

/** Throws the typed `illegal_transition` error (HTTP 409) when the change is not allowed. */
export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('illegal_transition', {
      message: `A ${from} ticket cannot become ${to}.`,
      details: { from, to, allowed: TRANSITIONS[from] },
    });
  }
}

/** Not answered and closed yet: a new message in a DM conversation still belongs to such a ticket. */
export const isStillOpen = (status: TicketStatus): boolean => status === 'OPEN' || status === 'ESCALATED' || status === 'IN_PROGRESS';
