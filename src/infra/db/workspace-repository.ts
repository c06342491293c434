// Workspace settings, and Slack installations with their tokens sealed at rest (infra/secrets).
import type { InstallationRepository, WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { SecretBox } from '../secrets/secret-box.js';

const SETTINGS = {
  platform: true,
  workspaceId: true,
  agentsChannelId: true,
  adminUserIds: true,
  autoResolveMode: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function createWorkspaceSettingsRepository(prisma: PrismaClient): WorkspaceSettingsRepository {
  return {
    find: (platform, workspaceId) =>
      prisma.chatWorkspace.findUnique({ where: { platform_workspaceId: { platform, workspaceId } }, select: SETTINGS }),
    list: (platform) =>
      prisma.chatWorkspace.findMany({ where: { platform }, orderBy: [{ platform: 'asc' }, { workspaceId: 'asc' }], select: SETTINGS }),
    update: (platform, workspaceId, patch) =>
      prisma.chatWorkspace.upsert({
        where: { platform_workspaceId: { platform, workspaceId } },
        create: { platform, workspaceId, ...patch },
        update: patch,
        select: SETTINGS,
      }),
    async remove(platform, workspaceId) {
      const { count } = await prisma.chatWorkspace.deleteMany({ where: { platform, workspaceId } });
      return count > 0;
    },
  };
}

const LISTED = {
  platform: true,
  workspaceId: true,
  name: true,
  botUserId: true,
  installedById: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function createInstallationRepository(prisma: PrismaClient, box: SecretBox): InstallationRepository {
  return {
    async save({ secret, ...installation }) {
      const sealed = box.seal(secret);
      const { platform, workspaceId } = installation;
      await prisma.chatInstallation.upsert({
        where: { platform_workspaceId: { platform, workspaceId } },
        create: { ...installation, secret: sealed },
        update: { ...installation, secret: sealed },
      });
    },
    async find(platform, workspaceId) {
      const row = await prisma.chatInstallation.findUnique({ where: { platform_workspaceId: { platform, workspaceId } } });
      return row ? { ...row, secret: box.open(row.secret) } : null;
    },
    list: (platform) => prisma.chatInstallation.findMany({ where: { platform }, orderBy: { createdAt: 'asc' }, select: LISTED }),
    async remove(platform, workspaceId) {
      const { count } = await prisma.chatInstallation.deleteMany({ where: { platform, workspaceId } });
      return count > 0;
    },
  };
}
