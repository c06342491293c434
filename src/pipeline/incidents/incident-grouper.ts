// Groups a new ticket with the near-duplicate open tickets of the last INCIDENT_WINDOW. The worker
// keeps those tickets in memory (RecentTicketIndex), brought up to date from the database before
// each search, so tickets other workers escalated or closed count too; the candidates it finds are
// then re-read and grouped under a lock by the repository.
import type { Logger } from 'pino';
import type { IncidentRepository } from '../../domain/ports/incidents.js';
import type { Incident } from '../../domain/incident.js';
import type { Ticket, TicketStatus } from '../../domain/ticket.js';
import { RecentTicketIndex } from '../../nlp/recent-ticket-index.js';

export interface IncidentSettings {
  windowMs: number;
  similarity: number;
  minTickets: number;
}

export type Grouping = { kind: 'joined' | 'opened'; incident: Incident; linkedTicketIds: string[] } | { kind: 'none' };

/** Tickets waiting for a person: the ones a new report can be grouped with. */
const GROUPABLE: readonly TicketStatus[] = ['ESCALATED', 'IN_PROGRESS'];
/** Re-read this far behind the last sync: a change committed late with an earlier timestamp is still seen. */
const SYNC_OVERLAP_MS = 2_000;
/**
 * Other processes' changes are read at most this often. This process's own escalations enter the
 * index at once; another worker's may be seen this much later (it is then grouped by the next report).
 */
const SYNC_EVERY_MS = 500;

export interface IncidentGrouper {
  /**
   * `escalating`: the pipeline is sending the ticket to a person anyway; only then does it group (a
   * ticket it can answer is answered). Such a ticket is then a candidate for the next one at once.
   * One ticket at a time per process, so reports triaged at the same moment see each other.
   */
  group(ticket: Ticket, options: { escalating: boolean; intent: string | null }): Promise<Grouping>;
}

export function createIncidentGrouper(deps: {
  incidents: IncidentRepository;
  settings: IncidentSettings;
  log: Logger;
  now?: () => Date;
}): IncidentGrouper {
  const { settings } = deps;
  const now = deps.now ?? (() => new Date());
  const index = new RecentTicketIndex(settings.windowMs);
  let syncedUpTo = new Date(0);
  let lastSync = -Infinity;
  /** The updatedAt each ticket had when last applied: the overlap re-reads rows, not re-indexes them. */
  const applied = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();

  async function sync(at: Date): Promise<void> {
    if (at.getTime() - lastSync < SYNC_EVERY_MS) return;
    lastSync = at.getTime();
    const since = new Date(Math.max(0, syncedUpTo.getTime() - SYNC_OVERLAP_MS));
    const windowStart = at.getTime() - settings.windowMs;
    const changed = await deps.incidents.listChangedSince(since, new Date(windowStart));
    for (const t of changed) {
      if (t.updatedAt > syncedUpTo) syncedUpTo = t.updatedAt;
      if (applied.get(t.id) === t.updatedAt.getTime()) continue;
      applied.set(t.id, t.updatedAt.getTime());
      if (GROUPABLE.includes(t.status)) index.upsert(t.id, t.message, t.createdAt, at);
      else index.remove(t.id);
    }
    // What was applied before the window can no longer come back.
    if (applied.size > 2 * index.size + 1000) for (const id of applied.keys()) if (!index.has(id)) applied.delete(id);
  }

  return {
    group(ticket, options) {
      if (!options.escalating) return Promise.resolve({ kind: 'none' });
      const run = queue.then(() => groupNow(ticket, options));
      queue = run.catch(() => undefined);
      return run;
    },
  };

  async function groupNow(ticket: Ticket, options: { escalating: boolean; intent: string | null }): Promise<Grouping> {
    const at = now();
    await sync(at);
    const candidates = index.similar(ticket.message, at, settings.similarity, ticket.id);
    const grouping: Grouping =
      candidates.length === 0
        ? { kind: 'none' }
        : await deps.incidents.attach({
            ticketId: ticket.id,
            candidateIds: candidates.map((c) => c.id),
            minTickets: settings.minTickets,
            escalating: options.escalating,
            intent: options.intent,
          });
    index.upsert(ticket.id, ticket.message, ticket.createdAt, at);
    if (grouping.kind !== 'none') {
      deps.log.info(
        {
          ticketId: ticket.id,
          incident: grouping.incident.number,
          grouping: grouping.kind,
          linked: grouping.linkedTicketIds.length,
          best: candidates[0]!.score,
        },
        'ticket grouped under an incident',
      );
    }
    return grouping;
  }
}
