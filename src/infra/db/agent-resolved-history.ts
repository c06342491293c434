// The deployment's own history for `firstline replay --from-db`: every ticket an agent resolved, with
// the words the agent answered and the intent the agent gave, oldest first. Reads only.
import type { PrismaClient } from '../../generated/prisma/client.js';

export interface AgentResolvedTicket {
  message: string;
  /** The agent's own words (answerBasis), else the response sent. */
  answer: string;
  /** The intent the agent gave (labelledIntent); null when none. */
  intent: string | null;
  createdAt: Date;
}

/** Rows read per query, so a large history is not one huge result. */
const PAGE = 5000;

/** Agent-resolved tickets (RESOLVED or CLOSED, with an answer) by createdAt, ties by number. */
export async function listAgentResolvedTickets(prisma: PrismaClient): Promise<AgentResolvedTicket[]> {
  const out: AgentResolvedTicket[] = [];
  let after: number | undefined;
  for (;;) {
    const rows = await prisma.ticket.findMany({
      where: {
        responseSource: 'AGENT',
        status: { in: ['RESOLVED', 'CLOSED'] },
        OR: [{ answerBasis: { not: null } }, { response: { not: null } }],
        ...(after === undefined ? {} : { number: { gt: after } }),
      },
      orderBy: { number: 'asc' },
      take: PAGE,
      select: { number: true, message: true, answerBasis: true, response: true, labelledIntent: true, createdAt: true },
    });
    for (const r of rows)
      out.push({ message: r.message, answer: r.answerBasis ?? r.response ?? '', intent: r.labelledIntent, createdAt: r.createdAt });
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.number;
  }
  // Paged by number (a stable key); imported tickets carry their own, older dates, so sort by date.
  return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
