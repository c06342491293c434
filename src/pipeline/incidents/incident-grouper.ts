// Groups a new report with the near-duplicates it arrived in a burst with (domain/incident-burst.ts).
// The worker keeps every ticket of the baseline window in memory (RecentTicketIndex), whatever its
// status: a burst is judged against how often messages alike usually come, answered ones included.
// The index is brought up to date from the database before each search, so other workers' tickets
// count too; the candidates it finds are then re-read and grouped under a lock by the repository.
import type { Logger } from 'pino';
import type { IncidentRepository } from '../../domain/ports/incidents.js';
import type { Incident } from '../../domain/incident.js';
import { assessBurst, type BurstAssessment, type BurstSettings } from '../../domain/incident-burst.js';
import type { Ticket } from '../../domain/ticket.js';
import { RecentTicketIndex, type TimedMatch } from '../../nlp/recent-ticket-index.js';

export interface IncidentSettings extends BurstSettings {
  /** Cosine at or above which two messages are alike. */
  similarity: number;
}

export type Grouping = { kind: 'joined' | 'opened'; incident: Incident; linkedTicketIds: string[] } | { kind: 'none' };

/** Re-read this far behind the last sync: a change committed late with an earlier timestamp is still seen. */
const SYNC_OVERLAP_MS = 2_000;
/**
 * Other processes' changes are read at most this often. This process's own tickets enter the index
 * at once; another worker's may be seen this much later.
 */
const SYNC_EVERY_MS = 500;
/** Most reports of one burst handed to the repository (best first); a burst's later ones join anyway. */
const MAX_RECENT_CANDIDATES = 50;
/** Most older matches in an incident handed over: any one of them names the incident to join. */
const MAX_LINKED_CANDIDATES = 5;

export interface IncidentGrouper {
  /**
   * Every triaged ticket comes here, answerable or not: it counts toward bursts. One in a burst is
   * grouped whatever the pipeline would do with it; one that is `escalating` (going to a person
   * anyway) also joins an open incident it matches. One ticket at a time per process, so reports
   * triaged at the same moment see each other.
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
  const index = new RecentTicketIndex(settings.baselineMs);
  /** The incident each indexed ticket was in when last read (or grouped here). */
  const incidentOf = new Map<string, string>();
  let syncedUpTo = new Date(0);
  let lastSync = -Infinity;
  /** The updatedAt each ticket had when last applied: the overlap re-reads rows, not re-indexes them. */
  const applied = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();
  /** The deployment's first ticket: read until there is one, then known for good. */
  let firstTicketAt: Date | null = null;

  async function sync(at: Date): Promise<void> {
    if (at.getTime() - lastSync < SYNC_EVERY_MS) return;
    lastSync = at.getTime();
    const since = new Date(Math.max(0, syncedUpTo.getTime() - SYNC_OVERLAP_MS));
    const windowStart = at.getTime() - settings.baselineMs;
    const changed = await deps.incidents.listChangedSince(since, new Date(windowStart));
    firstTicketAt ??= await deps.incidents.firstTicketAt();
    for (const t of changed) {
      if (t.updatedAt > syncedUpTo) syncedUpTo = t.updatedAt;
      if (applied.get(t.id) === t.updatedAt.getTime()) continue;
      applied.set(t.id, t.updatedAt.getTime());
      if (t.incidentId) incidentOf.set(t.id, t.incidentId);
      else incidentOf.delete(t.id);
      // A status change leaves the text as it was: only a ticket not indexed yet is tokenized.
      if (!index.has(t.id)) index.upsert(t.id, t.message, t.createdAt, at, t.requesterId);
    }
    // What was applied before the window can no longer come back.
    if (applied.size > 2 * index.size + 1000) {
      for (const id of applied.keys()) {
        if (index.has(id)) continue;
        applied.delete(id);
        incidentOf.delete(id);
      }
    }
  }

  return {
    group(ticket, options) {
      const run = queue.then(() => groupNow(ticket, options));
      queue = run.catch(() => undefined);
      return run;
    },
  };

  async function groupNow(ticket: Ticket, options: { escalating: boolean; intent: string | null }): Promise<Grouping> {
    const at = now();
    await sync(at);
    const matches = index.matches(ticket.message, at, settings.similarity, ticket.id);
    const { burst, recent, assessment } = judge(ticket, matches);
    const candidates = candidatesOf(recent, matches);
    // Nothing to open and no incident known to join: no need to take the lock.
    const isWorthAttaching = burst || (options.escalating && candidates.some((c) => incidentOf.has(c.id)));
    const grouping: Grouping = isWorthAttaching
      ? await deps.incidents.attach({ ticketId: ticket.id, candidates, burst, escalating: options.escalating, intent: options.intent })
      : { kind: 'none' };
    if (!index.has(ticket.id)) index.upsert(ticket.id, ticket.message, ticket.createdAt, at, ticket.requesterId);
    if (grouping.kind !== 'none') {
      for (const id of grouping.linkedTicketIds) incidentOf.set(id, grouping.incident.id);
      deps.log.info(
        {
          ticketId: ticket.id,
          incident: grouping.incident.number,
          grouping: grouping.kind,
          linked: grouping.linkedTicketIds.length,
          burst,
          reporters: assessment.reporters,
          expected: Number(assessment.expected.toPrecision(3)),
          probability: Number(assessment.probability.toPrecision(3)),
        },
        'ticket grouped under an incident',
      );
    }
    return grouping;
  }

  /** The burst test on the report's matches: reporters in its burst window against the baseline before it. */
  function judge(ticket: Ticket, matches: TimedMatch[]) {
    const reference = ticket.createdAt.getTime();
    const burstStart = reference - settings.burstMs;
    const baselineStart = reference - settings.baselineMs;
    // Reports created after this one (triaged at the same moment) belong to its burst too.
    const recent = matches.filter((m) => m.createdAt >= burstStart).sort((a, b) => b.score - a.score);
    const baseline = matches.filter((m) => m.createdAt < burstStart && m.createdAt >= baselineStart).length;
    const reporters = new Set([ticket.requesterId, ...recent.map((m) => m.reporter)]).size;
    const historyMs = firstTicketAt ? Math.max(0, burstStart - firstTicketAt.getTime()) : 0;
    const assessment: BurstAssessment & { reporters: number } = {
      ...assessBurst({ recent: reporters, baseline, historyMs }, settings),
      reporters,
    };
    return { burst: assessment.isBurst, recent, assessment };
  }

  /**
   * What the repository weighs, best first: the burst window's matches (the most alike of them),
   * then a few other matches in an incident, so a report of an outage whose reports trickle in
   * finds the incident to join.
   */
  function candidatesOf(recent: TimedMatch[], matches: TimedMatch[]): { id: string; recent: boolean }[] {
    const shown = recent.slice(0, MAX_RECENT_CANDIDATES);
    const isShown = new Set(shown.map((m) => m.id));
    const linked = matches
      .filter((m) => !isShown.has(m.id) && incidentOf.has(m.id))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_LINKED_CANDIDATES);
    const isRecent = new Set(recent.map((m) => m.id));
    return [...shown, ...linked].map(({ id }) => ({ id, recent: isRecent.has(id) }));
  }
}
