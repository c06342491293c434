// What travels on the queues: ids only, validated on both sides.
import { z } from 'zod';

export const TRIAGE_QUEUE = 'triage';

export const ZTriageJob = z.object({ ticketId: z.uuid() });
export type TriageJob = z.infer<typeof ZTriageJob>;
