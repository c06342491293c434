import type { ApiKeyRepository } from '../../domain/ports/access.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

const PUBLIC_FIELDS = {
  id: true,
  name: true,
  prefix: true,
  createdById: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export function createApiKeyRepository(prisma: PrismaClient): ApiKeyRepository {
  return {
    create: (input) => prisma.apiKey.create({ data: input, select: PUBLIC_FIELDS }),
    findByPrefixWithSecret: (prefix) => prisma.apiKey.findUnique({ where: { prefix }, select: { ...PUBLIC_FIELDS, secretHash: true } }),
    list: () => prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' }, select: PUBLIC_FIELDS }),
    async revoke(id) {
      const existing = await prisma.apiKey.findUnique({ where: { id }, select: PUBLIC_FIELDS });
      if (!existing) return null;
      if (existing.revokedAt) return existing;
      return prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: PUBLIC_FIELDS });
    },
    async touch(id, at) {
      await prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
    },
  };
}
