// One chat workspace's tickets, as a Prisma filter: what every scoped admin figure (`/metrics` in a
// Slack workspace or Discord server of its own) counts.
import type { MetricsScope } from '../../domain/metrics.js';
import type { Prisma } from '../../generated/prisma/client.js';

export const ticketsInScope = (scope: MetricsScope): Prisma.TicketWhereInput => ({
  chatPlatform: scope.platform,
  chatWorkspaceId: scope.workspaceId,
});
