// What the pipeline learns from: reusable solutions (for the similar-ticket index) and messages
// agents labelled with an intent when resolving them (for retraining the classifier).
import type { AgentLabelStats, LearningRepository, ReusableSolution } from '../../domain/pipeline-ports.js';
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

/** Messages an agent resolved and gave an intent for: the classifier's own guesses are never labels. */
const AGENT_LABELLED: Prisma.TicketWhereInput = { responseSource: 'AGENT', status: { in: ['RESOLVED', 'CLOSED'] }, labelledIntent: { not: null } };

/** Rows read per query when loading every solution, so memory stays flat at any size. */
const PAGE = 5000;

export function createLearningRepository(prisma: PrismaClient): LearningRepository & AgentLabelStats {
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
        where: AGENT_LABELLED,
        orderBy: { number: 'asc' },
        take: limit,
        select: { message: true, labelledIntent: true },
      });
      return rows.map((r) => ({ text: r.message, intent: r.labelledIntent! }));
    },

    async countAgentLabels() {
      const groups = await prisma.ticket.groupBy({ by: ['labelledIntent'], where: AGENT_LABELLED, _count: { _all: true } });
      return groups.map((g) => ({ intent: g.labelledIntent!, count: g._count._all }));
    },
  };
}
