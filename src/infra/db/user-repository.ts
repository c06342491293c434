import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/email.js';
import type { User } from '../../domain/user.js';
import type { UserRepository } from '../../domain/ports/access.js';
import type { Database } from './database.js';
import { isUniqueViolation } from './prisma-errors.js';

const PUBLIC_FIELDS = {
  id: true,
  email: true,
  role: true,
  displayName: true,
  skills: true,
  capacity: true,
  createdAt: true,
} as const;

/** PUBLIC_FIELDS as a column list, for plain SQL. */
const PUBLIC_COLUMNS = Object.keys(PUBLIC_FIELDS)
  .map((field) => `"${field}"`)
  .join(', ');
const ZUserId = z.uuid();

export function createUserRepository(db: Pick<Database, 'prisma' | 'query'>): UserRepository {
  const { prisma } = db;
  return {
    // Plain SQL: every authenticated request reads its user (authenticate-user.ts), so this is
    // the hottest read there is. Not a UUID cannot name a user (and would fail the cast).
    async findById(id) {
      if (!ZUserId.safeParse(id).success) return null;
      const rows = await db.query<User>(`SELECT ${PUBLIC_COLUMNS} FROM "User" WHERE id = $1::uuid`, [id]);
      return rows[0] ?? null;
    },

    findByEmailWithSecret: (email) =>
      prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: { ...PUBLIC_FIELDS, passwordHash: true } }),

    async create(input): Promise<User> {
      try {
        return await prisma.user.create({
          data: {
            email: normalizeEmail(input.email),
            passwordHash: input.passwordHash,
            role: input.role,
            displayName: input.displayName ?? null,
          },
          select: PUBLIC_FIELDS,
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new AppError('conflict', { message: 'An account with this email already exists.', details: { field: 'email' } });
        }
        throw err;
      }
    },

    upsertWithPassword: ({ email, passwordHash, role }) =>
      prisma.user.upsert({
        where: { email: normalizeEmail(email) },
        create: { email: normalizeEmail(email), passwordHash, role },
        update: { passwordHash, role },
        select: PUBLIC_FIELDS,
      }),

    async findOrCreateChatUser(who): Promise<User> {
      const key = { platform: who.platform, workspaceId: who.workspaceId, platformUserId: who.platformUserId };
      const attempt = async (): Promise<User> => {
        const linked = await prisma.chatIdentity.findUnique({
          where: { platform_workspaceId_platformUserId: key },
          select: { user: { select: PUBLIC_FIELDS } },
        });
        if (linked) return linked.user;
        // The identity and its user in one nested write: both exist, or neither.
        const created = await prisma.chatIdentity.create({
          data: { ...key, displayName: who.displayName ?? null, user: { create: { role: 'USER', displayName: who.displayName ?? null } } },
          select: { user: { select: PUBLIC_FIELDS } },
        });
        return created.user;
      };
      try {
        return await attempt();
      } catch (err) {
        // Two first messages raced to link the same person: the loser reads the winner's link.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },

    async updateProfile(id, patch) {
      const { count } = await prisma.user.updateMany({ where: { id }, data: patch });
      return count === 0 ? null : prisma.user.findUnique({ where: { id }, select: PUBLIC_FIELDS });
    },

    async findChatIdentity(userId, platform) {
      const identity = await prisma.chatIdentity.findFirst({
        where: { userId, platform },
        orderBy: { createdAt: 'desc' },
        select: { platform: true, workspaceId: true, platformUserId: true, displayName: true },
      });
      return identity;
    },

    async findOrCreateIntegrationCustomer(apiKeyId, who): Promise<User> {
      const attempt = (): Promise<User> => {
        if (who.email) {
          // The key's own customer with this address, never the account that signs in with it.
          const externalEmail = normalizeEmail(who.email);
          return prisma.user.upsert({
            where: { externalKeyId_externalEmail: { externalKeyId: apiKeyId, externalEmail } },
            create: { externalKeyId: apiKeyId, externalEmail, role: 'USER', displayName: who.name ?? null },
            update: {},
            select: PUBLIC_FIELDS,
          });
        }
        if (!who.externalId) throw new AppError('validation_failed', { message: 'A customer email or external id is required.' });
        return prisma.user.upsert({
          where: { externalKeyId_externalId: { externalKeyId: apiKeyId, externalId: who.externalId } },
          create: { externalKeyId: apiKeyId, externalId: who.externalId, role: 'USER', displayName: who.name ?? null },
          update: {},
          select: PUBLIC_FIELDS,
        });
      };
      try {
        return await attempt();
      } catch (err) {
        // Two first contacts raced to create the same customer: the loser reads the winner's row.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },
  };
}
