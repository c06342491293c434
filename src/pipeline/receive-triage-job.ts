import type { TicketRepository } from '../domain/ports.js';

export type TriageJobOutcome = { kind: 'received'; status: string } | { kind: 'skipped'; reason: 'not_found' | 'already_triaged' };

/**
 * The pipeline's entry point for one ticket. For now it records that the worker received the
 * ticket; classification and the decision come with the pipeline. Safe to run twice.
 */
export async function receiveTriageJob(
  tickets: TicketRepository,
  ticketId: string,
  attempt: number,
): Promise<TriageJobOutcome> {
  const ticket = await tickets.findById(ticketId);
  if (!ticket) return { kind: 'skipped', reason: 'not_found' };
  if (ticket.status !== 'OPEN') return { kind: 'skipped', reason: 'already_triaged' };
  await tickets.appendEvent(ticketId, { type: 'triage_received', actor: { kind: 'system' }, data: { attempt } });
  return { kind: 'received', status: ticket.status };
}
