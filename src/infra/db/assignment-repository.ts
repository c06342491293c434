// What skill-based assignment reads and writes: open escalations, agents with their load, offers.
import type { AssignmentRepository } from '../../domain/assignment.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

export function createAssignmentRepository(prisma: PrismaClient): AssignmentRepository {
  return {
    async listOpenEscalations(options = {}) {
      const rows = await prisma.ticket.findMany({
        // Grouped tickets are handled on their incident, except a customer's request for a person.
        where: {
          status: 'ESCALATED',
          OR: [{ incidentId: null }, { escalationReason: 'customer_requested_human' }],
          ...(options.offeredOnly ? { offeredToId: { not: null } } : {}),
        },
        orderBy: { number: 'asc' },
        select: {
          id: true,
          number: true,
          priority: true,
          intent: true,
          offeredToId: true,
          passedOverIds: true,
          chatPlatform: true,
          chatWorkspaceId: true,
        },
      });
      return rows.map(({ chatPlatform, chatWorkspaceId, ...t }) => ({
        ...t,
        chatPlace: chatPlatform && chatWorkspaceId !== null ? { platform: chatPlatform, workspaceId: chatWorkspaceId } : null,
      }));
    },

    async listAgents() {
      const [agents, loads] = await Promise.all([
        // An admin who set no skills runs the place rather than the queue: no offers.
        prisma.user.findMany({
          where: { OR: [{ role: 'AGENT' }, { role: 'ADMIN', NOT: { skills: { isEmpty: true } } }] },
          select: {
            id: true,
            email: true,
            displayName: true,
            role: true,
            skills: true,
            capacity: true,
            identities: { select: { platform: true, workspaceId: true } },
          },
        }),
        prisma.ticket.groupBy({ by: ['assigneeId'], where: { status: 'IN_PROGRESS', assigneeId: { not: null } }, _count: { _all: true } }),
      ]);
      const loadOf = new Map(loads.map((l) => [l.assigneeId, l._count._all]));
      return agents.map(({ identities, ...a }) => ({ ...a, chatPlaces: identities, load: loadOf.get(a.id) ?? 0 }));
    },

    async passOver(ticketId, agentId) {
      const { count } = await prisma.ticket.updateMany({
        where: { id: ticketId, status: 'ESCALATED', NOT: { passedOverIds: { has: agentId } } },
        data: { passedOverIds: { push: agentId } },
      });
      return count > 0;
    },

    setOffer(ticketId, agentId) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.ticket.updateMany({
          // Only a change (SQL's NOT on a NULL column would match nothing, hence the spelled-out cases).
          where: {
            id: ticketId,
            status: 'ESCALATED',
            ...(agentId === null ? { offeredToId: { not: null } } : { OR: [{ offeredToId: null }, { offeredToId: { not: agentId } }] }),
          },
          data: { offeredToId: agentId },
        });
        if (count === 0) return false;
        await tx.ticketEvent.create({ data: { ticketId, type: 'offered', actorType: 'SYSTEM', data: { agentId } } });
        return true;
      });
    },
  };
}
