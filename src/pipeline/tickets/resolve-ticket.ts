import { AppError } from '../../domain/errors.js';
import type { CandidateRepository } from '../../domain/ports/learning.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { canActAsAgent, type Actor, type Ticket } from '../../domain/ticket.js';
import { announceChange, type AnnounceDeps } from './announce-change.js';
import { changeTicketStatus } from './change-ticket-status.js';
import { requireIntentLabel } from '../learning/intent-label.js';
import { textKey } from '../../replies/answer-key.js';

export type ResolveTicketDeps = AnnounceDeps & { tickets: TicketRepository; candidates: Pick<CandidateRepository, 'bestCandidate'> };

export interface ResolveTicketInput {
  response: string;
  /**
   * The intent the agent gave: a pack intent (confirming or correcting the classifier), `unknown`, or a
   * new name (a learned intent); see intent-label.ts for the rule. Absent: the ticket keeps the
   * classifier's guess for metrics, and nothing is learned from it.
   */
  intent?: string;
}

/**
 * An agent answers the customer. An unclaimed escalation is claimed by the resolving agent first
 * (both steps are in the audit trail); a ticket claimed by another agent only an admin may resolve.
 * The answer goes out to the customer's chat and becomes a solution similar tickets can reuse. The
 * classifier learns from the ticket only when the agent gave an intent (`labelledIntent`): its own
 * guess is never taken as a label, or it would keep teaching itself its mistakes. The `resolved`
 * event records whether the agent sent the pipeline's best candidate unchanged (`agreedWithSuggestion`,
 * same words by textKey; null when there was none): what shadow mode's precision is read from.
 * @throws AppError `validation_failed` for an intent that breaks the rule, before anything changes.
 */
export async function resolveTicket(
  deps: ResolveTicketDeps,
  actor: Actor,
  ticket: Ticket,
  input: ResolveTicketInput,
  now: Date = new Date(),
): Promise<Ticket> {
  if (actor.kind !== 'user' || !canActAsAgent(actor)) throw new AppError('forbidden', { message: 'Only agents can resolve tickets.' });
  const labelled = input.intent === undefined ? undefined : requireIntentLabel(input.intent);
  const { tickets } = deps;
  // Read before anything changes, so a failed read leaves the ticket as it was.
  const best = await deps.candidates.bestCandidate(ticket.id);
  let current = ticket;
  if (current.status === 'ESCALATED') {
    current = await changeTicketStatus(tickets, current, 'IN_PROGRESS', { assigneeId: actor.userId }, { type: 'claimed', actor });
  } else if (current.status === 'IN_PROGRESS' && current.assigneeId !== actor.userId && actor.role !== 'ADMIN') {
    throw new AppError('conflict', { message: 'Another agent has claimed this ticket.', details: { assigneeId: current.assigneeId } });
  }
  const resolved = await changeTicketStatus(
    tickets,
    current,
    'RESOLVED',
    {
      response: input.response,
      responseSource: 'AGENT',
      // The agent's own words are what is reused, replacing what an automatic answer was built from.
      answerBasis: input.response,
      ...(labelled === undefined ? {} : { intent: labelled, labelledIntent: labelled }),
      resolvedAt: now,
      firstResponseAt: current.firstResponseAt ?? now,
      // A fresh answer from an agent is vouched for, whatever happened to an earlier one.
      solutionDemotedAt: null,
    },
    {
      type: 'resolved',
      actor,
      data: {
        intent: labelled ?? current.intent,
        labelledIntent: labelled ?? null,
        intentCorrected: labelled !== undefined && labelled !== current.intent,
        agreedWithSuggestion: best === null ? null : textKey(input.response) === best.textKey,
      },
    },
  );
  await announceChange(deps, {
    outcome: { ticketId: resolved.id, status: resolved.status, eventKey: 'resolved' },
    solutionsChanged: [resolved.id],
  });
  return resolved;
}
