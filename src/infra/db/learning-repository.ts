// What the pipeline learns from: reusable solutions (for the similar-ticket index) and messages
// agents labelled with an intent when resolving them (for retraining the classifier).
import type { AgentLabelStats, LearningRepository, ReusableSolution } from '../../domain/ports/learning.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

/**
 * A solution is reusable when a person vouched for it: an agent wrote it, or the customer said a
 * reused answer helped (and nobody said it did not); then its message is one more neighbour with
 * that answer. A demoted one waits for an agent. Templates rated helpful are not solutions: their
 * track record holds the rating, and their words carry the customer's name.
 */
const REUSABLE: Prisma.TicketWhereInput = {
  solutionDemotedAt: null,
  response: { not: null },
  OR: [
    { responseSource: 'AGENT', status: { in: ['RESOLVED', 'CLOSED'] } },
    {
      responseSource: { in: ['SIMILAR_TICKET', 'LLM'] },
      matchedTicketId: { not: null },
      status: { in: ['AUTO_RESOLVED', 'CLOSED'] },
      feedback: { some: { helpful: true }, none: { helpful: false } },
    },
  ],
};

const SOLUTION_FIELDS = { id: true, message: true, response: true, answerBasis: true, labelledIntent: true } as const;

/**
 * What is reused is the person's own words (`answerBasis`), never a composed response: a stored
 * "similar request" preface was reused and prefaced again, 8 deep. Its intent is the one an agent
 * gave, if any: a classifier's guess is no evidence for the answer.
 */
const toSolution = (row: {
  id: string;
  message: string;
  response: string | null;
  answerBasis: string | null;
  labelledIntent: string | null;
}): ReusableSolution => ({
  ticketId: row.id,
  message: row.message,
  response: row.answerBasis ?? row.response ?? '',
  intent: row.labelledIntent,
});

/** Messages an agent resolved and gave an intent for: the classifier's own guesses are never labels. */
const AGENT_LABELLED: Prisma.TicketWhereInput = {
  responseSource: 'AGENT',
  status: { in: ['RESOLVED', 'CLOSED'] },
  labelledIntent: { not: null },
};

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

    async listAgentAnswers(limit) {
      const rows = await prisma.ticket.findMany({
        where: { responseSource: 'AGENT', status: { in: ['RESOLVED', 'CLOSED'] }, labelledIntent: null, response: { not: null } },
        orderBy: { number: 'asc' },
        take: limit,
        select: { message: true, response: true, answerBasis: true },
      });
      return rows.map((r) => ({ text: r.message, answer: r.answerBasis ?? r.response ?? '' }));
    },

    async countAgentLabels() {
      const groups = await prisma.ticket.groupBy({ by: ['labelledIntent'], where: AGENT_LABELLED, _count: { _all: true } });
      return groups.map((g) => ({ intent: g.labelledIntent!, count: g._count._all }));
    },
  };
}
