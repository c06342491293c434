// Skill-based assignment: which agent each unclaimed escalation is offered to. Pure.
//
// The open escalations and the agents form an assignment problem with capacities. It is solved
// greedily, in priority order (P1 first, oldest first within one), and sticky:
//   1. offers already made stand while their agent still has the skills and the room;
//   2. every other escalation goes to the qualified agent with the lowest load, counting the
//      offers of this plan, ties broken by fewer skills (keep generalists free for what only they
//      can take), then by id. No qualified agent with room: it stays unassigned in the channel.
// Greedy rather than Hungarian: the Hungarian method minimises a total cost but would happily leave a
// P1 unassigned to fit two P3s, has to expand capacities into slots (O(n³) on tickets × slots), and
// re-solving it on every change would move offers agents have already seen. Priority order, stability
// and O(tickets × agents) matter more here than a provably minimal sum of loads.
import type { ChatPlatform, Priority, Role } from './ticket.js';

/** A chat workspace someone is known in ('' for a platform whose user ids span servers: Discord). */
export interface ChatPlace {
  platform: ChatPlatform;
  workspaceId: string;
}

export interface AgentLoad {
  id: string;
  skills: readonly string[];
  /** Most tickets claimed and open at once. */
  capacity: number;
  /** Tickets claimed and still open (IN_PROGRESS). */
  load: number;
  /** Where the agent is known in chat; none: an agent of the deployment as a whole (the API). */
  chatPlaces?: readonly ChatPlace[];
}

export interface OpenEscalation {
  id: string;
  number: number;
  priority: Priority;
  /** The skills its intent needs (all of them); empty: any agent. */
  requiredSkills: readonly string[];
  offeredToId: string | null;
  /** Agents who let it breach an SLA target: offered to anyone else qualified first. */
  passedOverIds?: readonly string[];
  /** The chat workspace it came from; null: the API. */
  chatPlace?: ChatPlace | null;
}

const PRIORITY_RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/**
 * Whether the agent works where the ticket came from. Known on the ticket's platform only in other
 * workspaces, the agent belongs to another workspace (another customer company, when the Slack app
 * is installed in many) and is never offered it. Known nowhere on that platform (an agent working
 * in another platform's agents' channel, or through the API), the agent may take it.
 */
function worksWhere(agent: Pick<AgentLoad, 'chatPlaces'>, ticket: Pick<OpenEscalation, 'chatPlace'>): boolean {
  const place = ticket.chatPlace;
  if (!place) return true;
  const onPlatform = (agent.chatPlaces ?? []).filter((p) => p.platform === place.platform);
  return onPlatform.length === 0 || onPlatform.some((p) => p.workspaceId === '' || p.workspaceId === place.workspaceId);
}

export const qualifies = (agent: AgentLoad, ticket: Pick<OpenEscalation, 'requiredSkills' | 'chatPlace'>): boolean =>
  ticket.requiredSkills.every((skill) => agent.skills.includes(skill)) && worksWhere(agent, ticket);

/** The agent each escalation should be offered to (null: nobody qualified has room). */
export function planOffers(escalations: readonly OpenEscalation[], agents: readonly AgentLoad[]): Map<string, string | null> {
  const ordered = [...escalations].sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.number - b.number);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const projected = new Map(agents.map((a) => [a.id, a.load]));
  const hasRoom = (agent: AgentLoad) => projected.get(agent.id)! < agent.capacity;
  const plan = new Map<string, string | null>();

  for (const ticket of ordered) {
    const current = ticket.offeredToId ? byId.get(ticket.offeredToId) : undefined;
    if (current && qualifies(current, ticket) && hasRoom(current) && !isPassedOver(ticket, current)) {
      plan.set(ticket.id, current.id);
      projected.set(current.id, projected.get(current.id)! + 1);
    }
  }
  for (const ticket of ordered) {
    if (plan.has(ticket.id)) continue;
    // Agents passed over still take it when nobody else qualified has room: someone is better than no one.
    let best: AgentLoad | undefined;
    let fallback: AgentLoad | undefined;
    for (const agent of agents) {
      if (!qualifies(agent, ticket) || !hasRoom(agent)) continue;
      if (isPassedOver(ticket, agent)) {
        if (!fallback || compare(agent, fallback, projected) < 0) fallback = agent;
      } else if (!best || compare(agent, best, projected) < 0) best = agent;
    }
    best ??= fallback;
    plan.set(ticket.id, best?.id ?? null);
    if (best) projected.set(best.id, projected.get(best.id)! + 1);
  }
  return plan;
}

const isPassedOver = (ticket: Pick<OpenEscalation, 'passedOverIds'>, agent: Pick<AgentLoad, 'id'>): boolean =>
  ticket.passedOverIds?.includes(agent.id) ?? false;

function compare(a: AgentLoad, b: AgentLoad, projected: ReadonlyMap<string, number>): number {
  return projected.get(a.id)! - projected.get(b.id)! || a.skills.length - b.skills.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface AssignmentRepository {
  /**
   * ESCALATED tickets not handled on an incident (see isHandledOnIncident in incident.ts); with
   * `offeredOnly`, only those with an offer (to withdraw when nobody can take offers).
   */
  listOpenEscalations(options?: { offeredOnly?: boolean }): Promise<
    {
      id: string;
      number: number;
      priority: Priority;
      intent: string | null;
      offeredToId: string | null;
      passedOverIds: string[];
      chatPlace: ChatPlace | null;
    }[]
  >;
  /** Who takes offers (agents, and admins who have skills set), with their capacity and current load. */
  listAgents(): Promise<(AgentLoad & { email: string | null; displayName: string | null; role: Role })[]>;
  /** Passes the agent over for this unclaimed escalation (an SLA step); false when it is claimed or they already were. */
  passOver(ticketId: string, agentId: string): Promise<boolean>;
  /** Sets the offer if the ticket is still an unclaimed escalation, with an `offered` event; false otherwise. */
  setOffer(ticketId: string, agentId: string | null): Promise<boolean>;
}
