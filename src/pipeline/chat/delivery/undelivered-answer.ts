// An automatic answer the customer never saw is not a resolution: when its delivery fails for good
// (the platform kept failing, or its breaker stayed open), the ticket goes to a person instead.
import type { Delivery } from '../../../domain/ports/chat.js';
import type { OutcomePublisher } from '../../../domain/ports/tickets.js';
import type { TicketRepository } from '../../../domain/ports/tickets.js';

export async function escalateUndeliveredAnswer(
  deps: { tickets: TicketRepository; outcomes: OutcomePublisher },
  delivery: Delivery,
  error: string,
): Promise<boolean> {
  if (delivery.kind !== 'customer' || delivery.status !== 'AUTO_RESOLVED') return false;
  const escalated = await deps.tickets.transition(
    delivery.ticketId,
    'AUTO_RESOLVED',
    'ESCALATED',
    { escalationReason: 'delivery_failed' },
    { type: 'escalated', actor: { kind: 'system' }, data: { reason: 'delivery_failed', platform: delivery.platform, error } },
  );
  // Null: it changed meanwhile (the customer pressed a button, an agent took it): nothing to take back.
  if (!escalated) return false;
  await deps.outcomes.publish({ ticketId: delivery.ticketId, status: escalated.status, eventKey: 'undelivered' });
  return true;
}
