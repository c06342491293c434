// What travels on the queues: ids and small facts only, validated on both sides.
import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket.js';

export const TRIAGE_QUEUE = 'triage';

export const ZTriageJob = z.object({ ticketId: z.uuid() });
export type TriageJob = z.infer<typeof ZTriageJob>;

/** Outcomes for chat adapters to deliver (see OutcomePublisher). */
export const OUTCOME_QUEUE = 'outcomes';

export const ZOutcomeJob = z.object({
  ticketId: z.uuid(),
  status: z.enum(TICKET_STATUSES),
  eventKey: z.string().regex(/^[a-z0-9_-]+$/),
});
export type OutcomeJob = z.infer<typeof ZOutcomeJob>;
