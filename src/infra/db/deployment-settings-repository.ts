// Settings admins change at run time: an append-only log per key whose latest row is in force.
import type { DeploymentSettingsRepository } from '../../domain/ports/settings.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

const AUTO_RESOLVE_THRESHOLD = 'auto_resolve_threshold';

export function createDeploymentSettingsRepository(prisma: PrismaClient): DeploymentSettingsRepository {
  return {
    async autoResolveThreshold() {
      const latest = await prisma.deploymentSettingChange.findFirst({
        where: { key: AUTO_RESOLVE_THRESHOLD },
        orderBy: { id: 'desc' },
        select: { value: true },
      });
      return latest?.value ?? null;
    },
    async changeAutoResolveThreshold(value, changedById) {
      await prisma.deploymentSettingChange.create({ data: { key: AUTO_RESOLVE_THRESHOLD, value, changedById } });
    },
    async autoResolveThresholdChanges(limit) {
      const rows = await prisma.deploymentSettingChange.findMany({
        where: { key: AUTO_RESOLVE_THRESHOLD },
        orderBy: { id: 'desc' },
        take: limit,
        select: { value: true, changedAt: true, changedBy: { select: { id: true, email: true, displayName: true } } },
      });
      return rows.map((r) => ({
        value: r.value,
        changedAt: r.changedAt,
        changedBy: r.changedBy ? { id: r.changedBy.id, name: r.changedBy.displayName ?? r.changedBy.email ?? r.changedBy.id } : null,
      }));
    },
  };
}
