import type { AgentsPostView, DocsSuggestion } from '../../../domain/ports/chat.js';
import type { IncidentRepository } from '../../../domain/ports/incidents.js';
import type { SlaRepository, SlaTimerSummary, StoredSlaTimer } from '../../../domain/ports/sla.js';
import type { TicketRepository } from '../../../domain/ports/tickets.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { ChatPlatform, Ticket } from '../../../domain/ticket.js';
import { describePerson } from './chat-person.js';

const fieldOf = (data: unknown, name: 'suggestedReply' | 'suggestedReplyConfidence'): unknown =>
  typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;

const suggestionOf = (data: unknown): string | null => {
  const value = fieldOf(data, 'suggestedReply');
  return typeof value === 'string' && value.trim() !== '' ? value : null;
};

const suggestionConfidenceOf = (data: unknown): number | null => {
  const value = fieldOf(data, 'suggestedReplyConfidence');
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const MAX_DOCS_SUGGESTIONS = 3;

/** The sections of the docs the triage recorded (audit data is read defensively: older tickets have none). */
function docsSuggestionsOf(data: unknown): DocsSuggestion[] {
  const list = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).passages : undefined;
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_DOCS_SUGGESTIONS).flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { title, link, answerConfidence } = item as Record<string, unknown>;
    if (typeof title !== 'string') return [];
    return [
      {
        title,
        link: typeof link === 'string' ? link : null,
        answerConfidence: typeof answerConfidence === 'number' && Number.isFinite(answerConfidence) ? answerConfidence : null,
      },
    ];
  });
}

/** The reply the pipeline would have sent, offered to the agent to send as is or edit. */
export async function suggestedReplyFor(tickets: TicketRepository, ticketId: string): Promise<string | null> {
  const events = await tickets.listEvents(ticketId);
  return suggestionOf(events.find((e) => e.type === 'triaged')?.data);
}

const METRIC_ORDER: Readonly<Record<SlaTimerSummary['metric'], number>> = { firstResponse: 0, nextResponse: 1, resolution: 2 };

/** First response, the latest next response (earlier ones are history), resolution. */
export function slaTimersShown(timers: readonly StoredSlaTimer[]): SlaTimerSummary[] {
  const latestNext = Math.max(-1, ...timers.filter((t) => t.metric === 'nextResponse').map((t) => t.seq));
  return timers
    .filter((t) => t.metric !== 'nextResponse' || t.seq === latestNext)
    .sort((a, b) => METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric])
    .map(({ metric, state, breached, dueAt, stoppedAt }) => ({ metric, state, breached, dueAt, stoppedAt }));
}

export interface AgentsPostViewDeps {
  tickets: TicketRepository;
  users: UserRepository;
  incidents: IncidentRepository;
  /** The ticket's SLA timers; without it (no SLA wired), the post shows none. */
  sla?: Pick<SlaRepository, 'listTimers'>;
}

/** What the agents' post about a ticket shows, read fresh so every update shows the current state. */
export async function buildAgentsPostView(deps: AgentsPostViewDeps, ticket: Ticket, platform: ChatPlatform): Promise<AgentsPostView> {
  const offered = ticket.status === 'ESCALATED' ? ticket.offeredToId : null;
  const [requester, assignee, events, incident, offeredTo, timers] = await Promise.all([
    describePerson(deps.users, ticket.requesterId, platform),
    ticket.assigneeId ? describePerson(deps.users, ticket.assigneeId, platform) : Promise.resolve(null),
    deps.tickets.listEvents(ticket.id),
    ticket.incidentId ? deps.incidents.findById(ticket.incidentId) : Promise.resolve(null),
    offered ? describePerson(deps.users, offered, platform) : Promise.resolve(null),
    deps.sla ? deps.sla.listTimers(ticket.id) : Promise.resolve([]),
  ]);
  const rejected = ticket.escalationReason === 'customer_rejected' && ticket.responseSource !== 'AGENT' ? ticket.response : null;
  const triaged = events.find((e) => e.type === 'triaged')?.data;
  const suggestedReply = suggestionOf(triaged);
  return {
    ticket,
    requester,
    assignee,
    suggestedReply,
    suggestedReplyConfidence: suggestedReply === null ? null : suggestionConfidenceOf(triaged),
    rejectedAnswer: rejected,
    incidentNumber: incident?.number ?? null,
    offeredTo,
    passages: ticket.status === 'RESOLVED' ? [] : docsSuggestionsOf(triaged),
    slaTimers: slaTimersShown(timers),
  };
}
