// What the pipeline learns from: reusable solutions (for the similar-ticket index) and messages
// agents labelled by resolving them (for retraining the classifier).
import type { LearningRepository, ReusableSolution } from '../../domain/pipeline-ports.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

/**
 * A solution is reusable when a person vouched for it: an agent wrote it, or the customer said an
 * automatic answer helped (and nobody said it did not). A demoted one waits for an agent.
 */
const REUSABLE: Prisma.TicketWhereInput = {
  solutionDemotedAt: null,
  response: { not: null },
  OR: [
    { responseSource: 'AGENT', status: { in: ['RESOLVED', 'CLOSED'] } },
    {
      responseSource: { in: ['SIMILAR_TICKET', 'TEMPLATE', 'LLM'] },
      status: { in: ['AUTO_RESOLVED', 'CLOSED'] },
      feedback: { some: { helpful: true }, none: { helpful: false } },
    },
  ],
};

const SOLUTION_FIELDS = { id: true, message: true, response: true, intent: true } as const;

const toSolution = (row: { id: string; message: string; response: string | null; intent: string | null }): ReusableSolution => ({
  ticketId: row.id,
  message: row.message,
  response: row.response ?? '',
  intent: row.intent,
});

/** Rows read per query when loading every solution, so memory stays flat at any size. */
const PAGE = 5000;

export function createLearningRepository(prisma: PrismaClient): LearningRepository {
  return {
    async listReusableSolutions() {
      const out: ReusableSolution[] = [];
      let after: number | undefined;
      for (;;) {
        const rows = await prisma.ticket.findMany({
          where: after === undefined ? REUSABLE : { AND: [REUSABLE, { number: { gt: after } }] },
          orderBy: { number: 'asc' },
          take: PAGE,
          select: { ...SOLUTION_FIELDS, number: true },
        });
        out.push(...rows.map(toSolution));
        if (rows.length < PAGE) return out;
        after = rows[rows.length - 1]!.number;
      }
    },

    async findReusableSolution(ticketId) {
      const row = await prisma.ticket.findFirst({ where: { AND: [REUSABLE, { id: ticketId }] }, select: SOLUTION_FIELDS });
      return row ? toSolution(row) : null;
    },

    async listAgentLabelledMessages(limit) {
      const rows = await prisma.ticket.findMany({
        where: { responseSource: 'AGENT', status: { in: ['RESOLVED', 'CLOSED'] }, intent: { not: null } },
        orderBy: { number: 'asc' },
        take: limit,
        select: { message: true, intent: true },
      });
      return rows.map((r) => ({ text: r.message, intent: r.intent! }));
    },
  };
}
