// At start, the SLA checks are scheduled again from the database: the delayed jobs live in Redis, and
// a Redis that lost its data (flushed, restarted without persistence) would otherwise leave timers
// unwatched. Scheduling is idempotent (one job per ticket and instant), so a Redis that kept them
// gains nothing twice; a check whose instant passed while nothing ran is made at once.
import type { SlaRepository, SlaScheduler } from '../../domain/ports/sla.js';

const PAGE = 1000;

export async function reconcileSlaChecks(
  deps: { sla: Pick<SlaRepository, 'listScheduledChecks' | 'listUnwatchedEscalations'>; scheduler: SlaScheduler },
  options: { unwatchedLimit?: number } = {},
): Promise<{ scheduled: number; unwatched: number }> {
  let scheduled = 0;
  let after: string | undefined;
  for (;;) {
    const page = await deps.sla.listScheduledChecks(PAGE, after);
    if (page.length === 0) break;
    await Promise.all(page.map((check) => deps.scheduler.checkAt(check.ticketId, check.at)));
    scheduled += page.length;
    after = page.at(-1)!.ticketId;
  }
  // Escalations whose first check never ran (the process stopped between the change and its job).
  const unwatched = await deps.sla.listUnwatchedEscalations(options.unwatchedLimit ?? 10_000);
  await Promise.all(unwatched.map((ticketId) => deps.scheduler.checkNow(ticketId)));
  return { scheduled, unwatched: unwatched.length };
}
