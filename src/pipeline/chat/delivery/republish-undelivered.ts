// What must reach people is known from the database alone: every change a customer is told of
// (answered, escalated, resolved by an agent, an answer taken back) is a ticket event, an
// escalation must have its post in the agents' channel, and every message that told them is a
// recorded chat post. A change past the grace period with no such post lost its jobs: Redis lost its
// data, or the outcome could not be published while Redis was down. Publishing it again is safe:
// the outcome's job id is the ticket and change (a job still queued, or finished within a day, makes
// this a no-op), and a delivery looks for its recorded post before posting.
import type { Logger } from 'pino';
import type { UndeliveredChanges } from '../../../domain/ports/chat.js';
import type { OutcomePublisher } from '../../../domain/ports/tickets.js';
/** Finished outcome jobs are kept a day (KEEP_FOR_DEDUPE): older changes could be told twice. */
export const UNDELIVERED_HORIZON_MS = 24 * 3600_000;
const BATCH = 500;

export interface RepublishDeps {
  posts: UndeliveredChanges;
  outcomes: OutcomePublisher;
  log: Pick<Logger, 'warn'>;
  /**
   * UNDELIVERED_GRACE_SECONDS (3 min): longer than a delivery waits for what it builds on
   * (PREREQUISITE_WAIT_MS) and retries in place, so a delivery still under way is not doubled.
   */
  graceMs: number;
  /**
   * Whether an agents' channel exists (in the environment, or set by a workspace or server), so an
   * escalation must have its post there. Asked on every sweep: a workspace may set one at any time.
   */
  agentsChannel: () => Promise<boolean>;
}

/** Publishes again every change in the window without its post; returns how many. */
export async function republishUndelivered(deps: RepublishDeps, now: Date = new Date()): Promise<number> {
  const window = { from: new Date(now.getTime() - UNDELIVERED_HORIZON_MS), to: new Date(now.getTime() - deps.graceMs) };
  const changes = await deps.posts.listUndelivered(window, BATCH, { agentsPosts: await deps.agentsChannel() });
  for (const change of changes) await deps.outcomes.publish(change);
  if (changes.length > 0) deps.log.warn({ republished: changes.length }, 'published again changes whose chat posts never came (lost jobs)');
  return changes.length;
}
