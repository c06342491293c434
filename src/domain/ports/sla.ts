// Ports of SLA timers (src/sla/ computes them; pipeline/sla/ watches them): their storage, the
// delayed checks, and what agents are shown.
import type { SlaHistory } from '../../sla/ticket-timers.js';
import type { LadderAction, SlaMetric } from '../../sla/policy.js';
import type { TimerState } from '../../sla/timer.js';
import type { MetricsScope } from '../metrics.js';
import type { ChatPlatform, Priority, TicketStatus } from '../ticket.js';

/** What the SLA watch reads of a ticket besides its history. */
export interface SlaTicket {
  id: string;
  number: number;
  status: TicketStatus;
  priority: Priority;
  chatPlatform: ChatPlatform | null;
  chatWorkspaceId: string | null;
  assigneeId: string | null;
  offeredToId: string | null;
}

/** A timer as stored: its state when last checked. */
export interface SlaTimerRecord {
  metric: SlaMetric;
  /** 0, or the n-th next-response timer. */
  seq: number;
  priority: Priority;
  state: TimerState;
  breached: boolean;
  targetMinutes: number;
  startedAt: Date;
  stoppedAt: Date | null;
  atRiskAt: Date | null;
  dueAt: Date | null;
  nextCheckAt: Date | null;
}

export interface StoredSlaTimer extends SlaTimerRecord {
  ticketId: string;
  /** Escalation steps already taken ("at_risk", "breached", "breached_for:30"). */
  firedSteps: string[];
  updatedAt: Date;
}

/** Met and breached timers that stopped in a window, per priority and metric. */
export interface SlaAttainmentRow {
  priority: Priority;
  metric: SlaMetric;
  met: number;
  breached: number;
}

/** An escalation step as taken: what its actions need (pipeline/sla/ladder-actions.ts). */
export interface LadderStepTaken {
  metric: SlaMetric;
  seq: number;
  stepKey: string;
  stage: SlaNotice['stage'];
  actions: readonly LadderAction[];
  dueAt: Date | null;
  overdueMinutes: number;
  at: Date;
}

/** A step claimed and not handed to its queues yet (see SlaRepository.claimStep). */
export interface StepInFlight {
  ticketId: string;
  step: LadderStepTaken;
}

export interface SlaRepository {
  /** The ticket and its history (escalation, conversation, end); null when it does not exist. */
  loadTicket(ticketId: string): Promise<{ ticket: SlaTicket; history: SlaHistory } | null>;
  listTimers(ticketId: string): Promise<StoredSlaTimer[]>;
  /** Several tickets' timers at once (lists, the agents' posts). */
  listTimersOf(ticketIds: readonly string[]): Promise<Map<string, StoredSlaTimer[]>>;
  /** Creates or updates the ticket's timers (by metric and seq); steps taken are kept. */
  saveTimers(ticketId: string, timers: readonly SlaTimerRecord[]): Promise<void>;
  /**
   * Records a step as taken, and as in flight since `step.at` until finishStep(), in one transaction;
   * false when it already was taken (by this or another process): take it only on true.
   */
  claimStep(ticketId: string, step: LadderStepTaken): Promise<boolean>;
  /** The step was handed to its queues: it is no longer in flight. */
  finishStep(ticketId: string, step: Pick<LadderStepTaken, 'metric' | 'seq' | 'stepKey'>): Promise<void>;
  /**
   * Steps still in flight that were claimed before `claimedBefore` (their process died, or handing
   * them over failed), claimed again at `now` by this caller: of two callers, each such step goes to
   * one. At most `limit`, oldest first.
   */
  reclaimStepsInFlight(claimedBefore: Date, now: Date, limit: number): Promise<StepInFlight[]>;
  /** Tickets whose running timers need a check, with the earliest instant, oldest first (after a restart or a Redis loss). */
  listScheduledChecks(limit: number, afterTicketId?: string): Promise<{ ticketId: string; at: Date }[]>;
  /** Tickets waiting for a person that have no timers yet (their first check was lost). */
  listUnwatchedEscalations(limit: number): Promise<string[]>;
  /** `scope`: one workspace's tickets only; absent: every ticket. */
  attainment(window: { from: Date; to: Date }, scope?: MetricsScope): Promise<SlaAttainmentRow[]>;
  /** Timers still running past their target, per priority and metric. */
  countBreachedOpen(scope?: MetricsScope): Promise<{ priority: Priority; metric: SlaMetric; count: number }[]>;
}

/** Delayed checks on the SLA queue: exact instants, one job each, kept across restarts. */
export interface SlaScheduler {
  /** Checks the ticket at `at` (now or in the past: at once). The same ticket and instant are checked once. */
  checkAt(ticketId: string, at: Date): Promise<void>;
  /** Checks the ticket soon: something in its history changed. */
  checkNow(ticketId: string): Promise<void>;
}

/** One timer as shown to agents. */
export interface SlaTimerSummary {
  metric: SlaMetric;
  state: TimerState;
  breached: boolean;
  dueAt: Date | null;
  stoppedAt: Date | null;
}

/** An escalation step told in the thread of the ticket's agents' post. */
export interface SlaNotice {
  ticketNumber: number;
  metric: SlaMetric;
  /** at_risk: the target is near; breached: it passed; still_breached: still open `minutesOver` after it. */
  stage: 'at_risk' | 'breached' | 'still_breached';
  minutesOver: number | null;
  dueAt: Date | null;
  /** The agent offered or claiming it, mentioned when the step says so. */
  mention: { name: string; chatUserId: string | null } | null;
  /** The on-call group (a Slack user group id, a Discord role id), mentioned when the step says so. */
  onCallGroupId: string | null;
}
