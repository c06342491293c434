// What agents do with an incident: resolve it (every linked ticket still waiting is answered with
// the resolution, in its own conversation) or take out a ticket grouped by mistake.
import { AppError } from '../../domain/errors.js';
import type { IncidentRepository } from '../../domain/ports/incidents.js';
import type { IncidentSummary } from '../../domain/incident.js';
import { canActAsAgent, type Actor } from '../../domain/ticket.js';
import { announceChange } from '../tickets/announce-change.js';
import { requireIntentLabel } from '../learning/intent-label.js';
import { resolveTicket, type ResolveTicketDeps } from '../tickets/resolve-ticket.js';

export type IncidentDeps = ResolveTicketDeps & { incidents: IncidentRepository };

function agentOf(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user' || !canActAsAgent(actor)) throw new AppError('forbidden', { message: 'Only agents can manage incidents.' });
  return actor;
}

async function findIncident(incidents: IncidentRepository, id: string): Promise<IncidentSummary> {
  const incident = await incidents.findById(id);
  if (!incident) throw new AppError('not_found', { message: 'Incident not found.' });
  return incident;
}

/**
 * Closes the incident first, so no new report joins it while its tickets are answered; then answers
 * every linked ticket still waiting, as the resolving agent. A ticket another agent has claimed is
 * answered too when an admin resolves; otherwise it is left to that agent and counted as skipped.
 */
export async function resolveIncident(
  deps: IncidentDeps,
  actor: Actor,
  incidentId: string,
  input: { response: string; intent?: string },
): Promise<{ incident: IncidentSummary; resolved: number; skipped: number }> {
  const agent = agentOf(actor);
  // Checked before the incident closes: a bad intent would otherwise close it with no ticket answered.
  if (input.intent !== undefined) requireIntentLabel(input.intent);
  await findIncident(deps.incidents, incidentId);
  const closed = await deps.incidents.markResolved(incidentId, { response: input.response, resolvedById: agent.userId });
  if (!closed) throw new AppError('conflict', { message: 'This incident is already resolved.' });
  let resolved = 0;
  let skipped = 0;
  for (const ticketId of await deps.incidents.listOpenTicketIds(incidentId)) {
    const ticket = await deps.tickets.findById(ticketId);
    if (!ticket) continue;
    try {
      await resolveTicket(deps, agent, ticket, input);
      resolved += 1;
    } catch (err) {
      // Claimed by someone else, or changed meanwhile: that ticket keeps its own course.
      if (!(err instanceof AppError) || !['conflict', 'illegal_transition'].includes(err.code)) throw err;
      skipped += 1;
    }
  }
  const first = (await findIncident(deps.incidents, incidentId)).ticketNumbers[0];
  const anchor = first === undefined ? null : await deps.tickets.findByNumber(first);
  if (anchor)
    await announceChange(deps, { outcome: { ticketId: anchor.id, status: anchor.status, eventKey: 'incident_resolved', incidentId } });
  return { incident: await findIncident(deps.incidents, incidentId), resolved, skipped };
}

/** Takes a ticket grouped by mistake out of the incident; it then gets an agents' post of its own. */
export async function unlinkFromIncident(deps: IncidentDeps, actor: Actor, incidentId: string, ticketId: string): Promise<IncidentSummary> {
  const agent = agentOf(actor);
  await findIncident(deps.incidents, incidentId);
  if (!(await deps.incidents.unlink(incidentId, ticketId, agent.userId))) {
    throw new AppError('not_found', { message: 'That ticket is not part of this incident.' });
  }
  const ticket = await deps.tickets.findById(ticketId);
  if (ticket) await announceChange(deps, { outcome: { ticketId, status: ticket.status, eventKey: 'unlinked', incidentId } });
  return findIncident(deps.incidents, incidentId);
}
