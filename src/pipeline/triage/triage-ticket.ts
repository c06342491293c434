// The pipeline use case the worker runs for each ticket: analyse, compose the reply, persist the
// decision with its audit event, publish the outcome. Safe to run twice: the decision is stored
// only if the ticket is still OPEN, and a retry after a crash re-publishes the stored outcome.
import type { Logger } from 'pino';
import type { ThresholdInForce } from '../../domain/auto-resolve-threshold.js';
import type { WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';
import type { WorkspaceAutoResolveMode } from '../../domain/chat-workspace.js';
import type { Decision, EscalationReason } from '../../domain/decide.js';
import { isAnswerClass, type AnswerModel } from '../../domain/answer-confidence.js';
import type { AlertQueue } from '../../domain/ports/alerts.js';
import type { CandidateRepository, SolutionIndex, StoredCandidate, TrackRecords } from '../../domain/ports/learning.js';
import type { IntentModel, ReplyWriter } from '../../domain/ports/triage.js';
import type { OutcomePublisher } from '../../domain/ports/tickets.js';
import type { PassageLibrary } from '../../domain/ports/knowledge.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import type { ResponseSource, Ticket, TicketStatus } from '../../domain/ticket.js';
import type { IntentDefinition } from '../../intents/intent-pack.js';
import { composeReply, type ComposedReply, type RetrievedPassages } from '../../replies/compose-reply.js';
import { passageLink, passageTitle } from '../../replies/passage-answer.js';
import { isUrgent, queueUrgentAlert } from '../alerts/send-urgent-alert.js';
import type { Grouping, IncidentGrouper } from '../incidents/incident-grouper.js';
import { analyzeTicket, type Analysis, type AnalysisSettings } from './analyze-ticket.js';

/** AUTO_RESOLVE_MODE: `shadow` sends nothing automatically (see triageTicket). */
export type AutoResolveMode = 'live' | 'shadow';

export interface TriageDeps {
  tickets: TicketRepository;
  /** The classifier in use now (it is swapped when a retrained one is ready). */
  model: () => IntentModel;
  solutions: SolutionIndex;
  /** Sections of the deployer's docs, kept in step with the database; absent: none are searched. */
  passages?: PassageLibrary;
  intents: () => ReadonlyMap<string, IntentDefinition>;
  /** The answer-confidence model in use (replaced when a refit one is ready). */
  answerModel: () => AnswerModel;
  trackRecords: TrackRecords;
  candidates: CandidateRepository;
  outcomes: OutcomePublisher;
  /** Absent when no LLM is configured. */
  writer: ReplyWriter | undefined;
  /** Absent when no alert webhook is configured. */
  alerts?: AlertQueue | undefined;
  /** Groups bursts of near-duplicate reports under master incidents (every ticket counts); absent: no grouping. */
  grouper?: IncidentGrouper | undefined;
  settings: AnalysisSettings & { autoResolveMode: AutoResolveMode; productName: string | undefined; supportUrl: string | undefined };
  /** The threshold in force (an admin's override, else settings.autoResolveThreshold); absent: the setting's. */
  autoResolveThreshold?: () => Promise<ThresholdInForce>;
  /** A workspace's own settings: its auto-resolve mode overrides the deployment's. */
  workspaces?: Pick<WorkspaceSettingsRepository, 'find'>;
  log: Logger;
  now?: () => Date;
}

export type TriageOutcome =
  | {
      kind: 'decided';
      status: Extract<TicketStatus, 'AUTO_RESOLVED' | 'ESCALATED'>;
      intent: string | null;
      reason: EscalationReason | null;
      replySource: ResponseSource | null;
      modelVersion: string;
    }
  | { kind: 'skipped'; reason: 'not_found' | 'already_triaged' };

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const round4 = (x: number): number => Number(x.toFixed(4));

/** The intent a ticket is filed under: a class the classifier learnt from an answer names none. */
const namedIntent = (intent: string | null): string | null => (intent !== null && isAnswerClass(intent) ? null : intent);

/** The answer confidence the passage got as a candidate (null if it was not one). */
const confidenceOf = (candidates: Analysis['candidates'], passageId: string): number | null => {
  const found = candidates.find((c) => c.kind === 'passage' && c.sourceId === passageId);
  return found ? round4(found.confidence) : null;
};

/** The audit event's data: enough to explain the decision later without the models at hand. */
function auditData(analysis: Analysis, reply: ComposedReply | null, threshold: ThresholdInForce, extra: Record<string, unknown>) {
  const { decision, prediction, candidates, neighbours, failures } = analysis;
  return {
    decision: decision.kind,
    reason: decision.kind === 'escalate' ? decision.reason : null,
    intent: decision.intent,
    confidence: decision.confidence,
    answerConfidence: decision.answerConfidence === null ? null : round4(decision.answerConfidence),
    top: prediction?.top ?? [],
    // The deployment's threshold in force and where it came from; `used`: the decision's (an intent's own, or
    // the answer-confidence model's when higher).
    thresholds: { autoResolve: threshold.value, source: threshold.source, used: decision.threshold },
    candidates: candidates.map((c) => ({
      kind: c.kind,
      source: c.sourceId,
      intent: c.intent,
      answerConfidence: round4(c.confidence),
      features: c.features,
    })),
    similar: neighbours.slice(0, 3).map((c) => ({ ticketId: c.ticketId, score: round4(c.score) })),
    // What agents are shown from the docs when nothing was sent: each section's place and answer confidence.
    passages: analysis.passages.map(({ passage }) => ({
      id: passage.id,
      title: passageTitle(passage),
      link: passageLink(passage),
      answerConfidence: confidenceOf(candidates, passage.id),
    })),
    replySource: reply?.source ?? null,
    llmError: reply?.llmError ?? null,
    failures,
    ...extra,
  };
}

/** The candidates as stored with the ticket; `sentRank` is the one the customer got, if any. */
function storedCandidates(analysis: Analysis, modelVersion: string, sentRank: number | null): StoredCandidate[] {
  return analysis.candidates.map((c, rank) => ({
    rank,
    kind: c.kind,
    answerKey: c.answerKey,
    textKey: c.textKey,
    sourceId: c.sourceId,
    features: c.features,
    confidence: c.confidence,
    modelVersion,
    sent: rank === sentRank,
  }));
}

const MODE_OF = { LIVE: 'live', SHADOW: 'shadow' } as const satisfies Record<WorkspaceAutoResolveMode, AutoResolveMode>;

/** The ticket's workspace's mode where it set one (`/firstline mode`), else AUTO_RESOLVE_MODE. */
async function autoResolveModeFor(deps: TriageDeps, ticket: Pick<Ticket, 'chatPlatform' | 'chatWorkspaceId'>): Promise<AutoResolveMode> {
  if (!deps.workspaces || !ticket.chatPlatform || !ticket.chatWorkspaceId) return deps.settings.autoResolveMode;
  const own = (await deps.workspaces.find(ticket.chatPlatform, ticket.chatWorkspaceId))?.autoResolveMode;
  return own ? MODE_OF[own] : deps.settings.autoResolveMode;
}

export async function triageTicket(deps: TriageDeps, ticketId: string, attempt: number): Promise<TriageOutcome> {
  const ticket = await deps.tickets.findWithRequesterName(ticketId);
  if (!ticket) return { kind: 'skipped', reason: 'not_found' };
  if (ticket.status !== 'OPEN') {
    await republishIfTriaged(deps, ticket);
    return { kind: 'skipped', reason: 'already_triaged' };
  }
  const started = performance.now();
  const threshold: ThresholdInForce = deps.autoResolveThreshold
    ? await deps.autoResolveThreshold()
    : { value: deps.settings.autoResolveThreshold, source: 'environment' };
  const model = deps.model();
  const answerModel = deps.answerModel();
  const placeholders = {
    customer_name: ticket.requesterName ?? undefined,
    ticket_number: String(ticket.number),
    product_name: deps.settings.productName,
    support_url: deps.settings.supportUrl,
  };
  const analysis = await analyzeTicket(
    {
      model,
      solutions: deps.solutions,
      passages: deps.passages,
      intents: deps.intents(),
      trackRecords: deps.trackRecords,
      answerModel,
      settings: { ...deps.settings, autoResolveThreshold: threshold.value },
    },
    ticket.message,
    ticket.urgencyScore,
    placeholders,
  );
  const { chosen } = analysis;
  const mode = await autoResolveModeFor(deps, ticket);
  const grouping = await groupTicket(deps, ticket, analysis);
  const grouped = grouping.kind !== 'none';
  // AUTO_RESOLVE_MODE=shadow: what live mode would send goes to a person instead, as the suggestion,
  // so a deployer sees what Firstline would answer, and how often agents agree, before it answers
  // anyone. Applied here, not in decide(): the decision, its answer confidence and threshold, and the
  // grouping that follows from it stay what live mode would have, so shadow mode measures going live.
  const live = analysis.decision;
  const decision = mode === 'shadow' && live.kind === 'auto_resolve' && chosen !== null && !grouped ? asShadowEscalation(live) : live;
  const intent = namedIntent(decision.intent);

  const answering = decision.kind === 'auto_resolve' && chosen !== null && !grouped ? chosen : null;
  const reply = answering
    ? await composeReply({
        ticketId: ticket.id,
        candidate: answering,
        message: ticket.message,
        intent,
        writer: deps.writer,
        passages: answering.kind === 'passage' ? retrievedPassages(analysis, answering.sourceId) : undefined,
      })
    : null;
  // An escalation still carries what the best answer would have been: agents may send it or edit it.
  const suggestedReply = decision.kind === 'escalate' && chosen ? chosen.text : null;
  const now = (deps.now ?? (() => new Date()))();
  const incident = grouped ? { id: grouping.incident.id, number: grouping.incident.number, grouping: grouping.kind } : null;
  const data = auditData({ ...analysis, decision }, reply, threshold, {
    mode,
    suggestedReply,
    suggestedReplyConfidence: suggestedReply !== null && chosen ? round4(chosen.confidence) : null,
    incident,
    modelVersion: model.version,
    answerModelVersion: answerModel.version,
    attempt,
    ms: Math.round(performance.now() - started),
  });
  const event = { type: 'triaged' as const, actor: { kind: 'system' as const }, data };

  const updated =
    answering && reply
      ? await deps.tickets.transition(
          ticket.id,
          'OPEN',
          'AUTO_RESOLVED',
          {
            intent,
            confidence: decision.confidence,
            response: reply.text,
            responseSource: reply.source,
            answerBasis: answering.text,
            matchedTicketId: answering.kind === 'solution' ? answering.sourceId : null,
            similarity: answering.kind === 'solution' ? (answering.features.similarity ?? null) : null,
            firstResponseAt: now,
            resolvedAt: now,
          },
          event,
        )
      : await deps.tickets.transition(
          ticket.id,
          'OPEN',
          'ESCALATED',
          {
            intent,
            confidence: decision.confidence,
            escalationReason: escalationReasonOf(decision, grouped),
          },
          event,
        );
  // Someone else (a retried job that overtook this one) decided first: theirs stands.
  if (!updated) return { kind: 'skipped', reason: 'already_triaged' };
  // After the decision stands, so only the run whose decision it is records what it weighed.
  const sentRank = answering && updated.status === 'AUTO_RESOLVED' ? analysis.candidates.indexOf(answering) : null;
  await deps.candidates.save(updated.id, storedCandidates(analysis, answerModel.version, sentRank));
  await publishDecision(deps, updated, updated.status);
  if (grouping.kind === 'opened') await publishOpenedIncident(deps, updated.id, grouping);
  if (analysis.failures.length > 0) deps.log.warn({ ticketId, failures: analysis.failures }, 'pipeline step failed; ticket escalated');
  return {
    kind: 'decided',
    status: updated.status === 'AUTO_RESOLVED' ? 'AUTO_RESOLVED' : 'ESCALATED',
    intent,
    reason: updated.status === 'AUTO_RESOLVED' ? null : updated.escalationReason,
    replySource: reply?.source ?? null,
    modelVersion: model.version,
  };
}

/**
 * Why the ticket goes to people. Grouped under an incident, its agents handle it there, except when
 * the customer asked for a person: that wish is never overridden (the ticket keeps its reason and its
 * own agents' post, and still joins the incident for its update; see domain/incident.ts).
 */
function escalationReasonOf(decision: Decision, grouped: boolean): EscalationReason {
  if (decision.kind === 'escalate' && decision.reason === 'customer_requested_human') return decision.reason;
  if (grouped) return 'incident';
  return decision.kind === 'escalate' ? decision.reason : 'pipeline_error';
}

/** The chosen passage (its candidate's source id) and the others retrieved with it; undefined if it is not among them. */
function retrievedPassages(analysis: Analysis, chosenId: string): RetrievedPassages | undefined {
  const retrieved = analysis.passages.map((p) => p.passage);
  const chosen = retrieved.find((p) => p.id === chosenId);
  return chosen && { chosen, others: retrieved.filter((p) => p !== chosen) };
}

/** What live mode would have answered, escalated instead: same intent, confidences and threshold. */
function asShadowEscalation(decision: Extract<Decision, { kind: 'auto_resolve' }>): Decision {
  const { intent, confidence, answerConfidence, threshold } = decision;
  return { kind: 'escalate', reason: 'shadow_mode', intent, confidence, answerConfidence, threshold };
}

/** Grouping is an extra: when it fails the ticket is handled on its own, as before. */
async function groupTicket(deps: TriageDeps, ticket: Ticket, analysis: Analysis): Promise<Grouping> {
  if (!deps.grouper) return { kind: 'none' };
  try {
    return await deps.grouper.group(ticket, {
      escalating: analysis.decision.kind === 'escalate',
      intent: namedIntent(analysis.decision.intent),
    });
  } catch (err) {
    deps.log.warn({ err, ticketId: ticket.id }, 'incident grouping failed; ticket handled on its own');
    return { kind: 'none' };
  }
}

/** The incident's post for agents, and the earlier reports' posts now pointing at it. */
async function publishOpenedIncident(deps: TriageDeps, ticketId: string, grouping: Exclude<Grouping, { kind: 'none' }>): Promise<void> {
  const incidentId = grouping.incident.id;
  await deps.outcomes.publish({ ticketId, status: 'ESCALATED', eventKey: 'incident_opened', incidentId });
  for (const other of grouping.linkedTicketIds) {
    if (other !== ticketId) await deps.outcomes.publish({ ticketId: other, status: 'ESCALATED', eventKey: 'grouped', incidentId });
  }
}

/**
 * The last resort when the pipeline itself keeps failing (e.g. a bug in a step that is not
 * caught): escalate with `pipeline_error`, so the ticket reaches a person instead of staying OPEN.
 */
export async function escalateAfterFailure(
  deps: Pick<TriageDeps, 'tickets' | 'outcomes' | 'alerts' | 'settings' | 'log'>,
  ticketId: string,
  error: unknown,
): Promise<boolean> {
  const updated = await deps.tickets.transition(
    ticketId,
    'OPEN',
    'ESCALATED',
    { escalationReason: 'pipeline_error' },
    { type: 'triaged', actor: { kind: 'system' }, data: { decision: 'escalate', reason: 'pipeline_error', error: messageOf(error) } },
  );
  if (!updated) return false;
  await publishDecision(deps, updated, updated.status);
  return true;
}

/** A crash between storing the decision and publishing it is repaired by the job's retry. */
async function republishIfTriaged(deps: TriageDeps, ticket: Ticket): Promise<void> {
  const events = await deps.tickets.listEvents(ticket.id);
  const triaged = events.find((e) => e.type === 'triaged');
  if (triaged?.toStatus) await publishDecision(deps, ticket, triaged.toStatus);
}

/** Tells chat what was decided and, for an urgent ticket, queues its alert (both once per ticket). */
async function publishDecision(
  deps: Pick<TriageDeps, 'outcomes' | 'alerts' | 'settings' | 'log'>,
  ticket: Pick<Ticket, 'id' | 'urgencyScore'>,
  status: TicketStatus,
): Promise<void> {
  await deps.outcomes.publish({ ticketId: ticket.id, status, eventKey: 'triaged' });
  if (isUrgent(ticket, deps.settings.urgentThreshold)) await queueUrgentAlert(deps, ticket.id);
}
