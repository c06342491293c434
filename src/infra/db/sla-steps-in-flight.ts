// SLA escalation steps between their claim and their hand-over to the queues (SlaStepInFlight): the
// claim writes the step into its timer's firedSteps and into this table in one transaction, so a
// step is never taken twice by two looks, and never lost by a process that dies before handing it
// over: the row stays, and reclaim() gives it, once older than a lease, to one caller to take again.
import { z } from 'zod';
import type { LadderStepTaken, SlaRepository, StepInFlight } from '../../domain/ports/sla.js';
import { LADDER_ACTIONS, SLA_METRICS } from '../../sla/policy.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { SLA_METRIC_TO_DB as TO_DB } from './sla-metric-names.js';

/** The step as stored in the row's `step` column, read back through this schema. */
const ZStoredStep = z.object({
  metric: z.enum(SLA_METRICS),
  seq: z.number().int().nonnegative(),
  stepKey: z.string().min(1),
  stage: z.enum(['at_risk', 'breached', 'still_breached']),
  actions: z.array(z.enum(LADDER_ACTIONS)),
  dueAt: z.iso.datetime().nullable(),
  overdueMinutes: z.number().int(),
  at: z.iso.datetime(),
});

const stored = (step: LadderStepTaken): z.input<typeof ZStoredStep> => ({
  ...step,
  actions: [...step.actions],
  dueAt: step.dueAt?.toISOString() ?? null,
  at: step.at.toISOString(),
});

function parseStep(json: unknown): LadderStepTaken | null {
  const parsed = ZStoredStep.safeParse(json);
  if (!parsed.success) return null;
  const step = parsed.data;
  return { ...step, dueAt: step.dueAt === null ? null : new Date(step.dueAt), at: new Date(step.at) };
}

const stepWhere = (ticketId: string, step: Pick<LadderStepTaken, 'metric' | 'seq' | 'stepKey'>) => ({
  ticketId,
  metric: TO_DB[step.metric],
  seq: step.seq,
  stepKey: step.stepKey,
});

export function stepsInFlight(prisma: PrismaClient): Pick<SlaRepository, 'claimStep' | 'finishStep' | 'reclaimStepsInFlight'> {
  return {
    claimStep: (ticketId, step) =>
      prisma.$transaction(async (tx) => {
        // One statement: of two processes taking the same step, the second finds it in the list.
        const { count } = await tx.slaTimer.updateMany({
          where: { ticketId, metric: TO_DB[step.metric], seq: step.seq, NOT: { firedSteps: { has: step.stepKey } } },
          data: { firedSteps: { push: step.stepKey } },
        });
        if (count === 0) return false;
        await tx.slaStepInFlight.create({ data: { ...stepWhere(ticketId, step), step: stored(step), claimedAt: step.at } });
        return true;
      }),

    async finishStep(ticketId, step) {
      await prisma.slaStepInFlight.deleteMany({ where: stepWhere(ticketId, step) });
    },

    async reclaimStepsInFlight(claimedBefore, now, limit) {
      // One statement: the stale rows are locked and moved to `now` together, and a caller running at
      // the same moment skips the rows this one holds (and no longer matches them once it commits).
      const rows = await prisma.$queryRaw<{ id: string; ticketId: string; step: unknown }[]>`
        UPDATE "SlaStepInFlight" SET "claimedAt" = ${now}
         WHERE id IN (SELECT id FROM "SlaStepInFlight" WHERE "claimedAt" < ${claimedBefore}
                       ORDER BY "claimedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, "ticketId", step`;
      const reclaimed: StepInFlight[] = [];
      const unreadable: string[] = [];
      for (const row of rows) {
        const step = parseStep(row.step);
        if (step) reclaimed.push({ ticketId: row.ticketId, step });
        else unreadable.push(row.id);
      }
      // A row this version cannot read would be reclaimed forever: it goes.
      if (unreadable.length > 0) await prisma.slaStepInFlight.deleteMany({ where: { id: { in: unreadable } } });
      return reclaimed;
    },
  };
}
