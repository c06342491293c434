// Urgency score → priority and urgency level. The score itself is computed in nlp/urgency.ts.
import type { Priority, Urgency } from './ticket.js';

/** P1 when S ≥ 0.8, P2 when S ≥ 0.5, P3 otherwise. */
export function priorityFor(score: number): Priority {
  if (score >= 0.8) return 'P1';
  if (score >= 0.5) return 'P2';
  return 'P3';
}

export function urgencyLevelFor(score: number): Urgency {
  if (score >= 0.8) return 'CRITICAL';
  if (score >= 0.5) return 'HIGH';
  return 'NORMAL';
}

/** BullMQ job priority: lower runs first; every job gets one, so FIFO holds within a priority. */
export const JOB_PRIORITY: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

export const URGENT_POLICIES = ['escalate', 'answer_and_alert'] as const;
export type UrgentPolicy = (typeof URGENT_POLICIES)[number];
