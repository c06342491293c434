// UserRepository in memory, behaving as src/infra/db/user-repository.ts does: emails unique
// (case-insensitively), chat identities unique per platform, workspace and user, integration
// customers kept apart per key.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src/domain/errors.js';
import { normalizeEmail } from '../../src/domain/email.js';
import type { UserRepository } from '../../src/domain/ports/access.js';
import type { Role } from '../../src/domain/ticket.js';
import type { User } from '../../src/domain/user.js';
import { createMemoryStore, type MemoryStore, type UserRow } from './store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public fields, as the real repository selects them. */
const publicUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  role: row.role,
  displayName: row.displayName,
  skills: [...row.skills],
  capacity: row.capacity,
  createdAt: new Date(row.createdAt),
});

export function createMemoryUserRepository(store: MemoryStore = createMemoryStore()): UserRepository {
  const insert = (fields: Partial<UserRow> & { role: Role }): UserRow => {
    const row: UserRow = {
      id: randomUUID(),
      email: null,
      passwordHash: null,
      displayName: null,
      skills: [],
      capacity: 5,
      externalId: null,
      externalEmail: null,
      externalKeyId: null,
      createdAt: store.now(),
      ...fields,
    };
    store.users.set(row.id, row);
    return row;
  };
  const byEmail = (email: string) => [...store.users.values()].find((u) => u.email === normalizeEmail(email));

  return {
    async findById(id) {
      const row = UUID.test(id) ? store.users.get(id) : undefined;
      return row ? publicUser(row) : null;
    },

    async findByEmailWithSecret(email) {
      const row = byEmail(email);
      return row ? { ...publicUser(row), passwordHash: row.passwordHash } : null;
    },

    async create(input) {
      if (byEmail(input.email)) {
        throw new AppError('conflict', { message: 'An account with this email already exists.', details: { field: 'email' } });
      }
      return publicUser(
        insert({
          email: normalizeEmail(input.email),
          passwordHash: input.passwordHash,
          role: input.role,
          displayName: input.displayName ?? null,
        }),
      );
    },

    async upsertWithPassword({ email, passwordHash, role }) {
      const existing = byEmail(email);
      if (existing) return publicUser(Object.assign(existing, { passwordHash, role }));
      return publicUser(insert({ email: normalizeEmail(email), passwordHash, role }));
    },

    async findOrCreateIntegrationCustomer(apiKeyId, who) {
      const rows = [...store.users.values()].filter((u) => u.externalKeyId === apiKeyId);
      if (who.email) {
        const externalEmail = normalizeEmail(who.email);
        const row = rows.find((u) => u.externalEmail === externalEmail);
        return publicUser(row ?? insert({ externalKeyId: apiKeyId, externalEmail, role: 'USER', displayName: who.name ?? null }));
      }
      if (!who.externalId) throw new AppError('validation_failed', { message: 'A customer email or external id is required.' });
      const row = rows.find((u) => u.externalId === who.externalId);
      return publicUser(
        row ?? insert({ externalKeyId: apiKeyId, externalId: who.externalId, role: 'USER', displayName: who.name ?? null }),
      );
    },

    async findOrCreateChatUser(who) {
      const linked = store.identities.find(
        (i) => i.platform === who.platform && i.workspaceId === who.workspaceId && i.platformUserId === who.platformUserId,
      );
      if (linked) return publicUser(store.users.get(linked.userId)!);
      const user = insert({ role: 'USER', displayName: who.displayName ?? null });
      store.identities.push({
        platform: who.platform,
        workspaceId: who.workspaceId,
        platformUserId: who.platformUserId,
        displayName: who.displayName ?? null,
        userId: user.id,
        createdAt: store.now(),
      });
      return publicUser(user);
    },

    async updateProfile(id, patch) {
      const row = store.users.get(id);
      if (!row) return null;
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(row, { [key]: value });
      return publicUser(row);
    },

    async findChatIdentity(userId, platform) {
      const newest = store.identities
        .filter((i) => i.userId === userId && i.platform === platform)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      return newest
        ? {
            platform: newest.platform,
            workspaceId: newest.workspaceId,
            platformUserId: newest.platformUserId,
            displayName: newest.displayName,
          }
        : null;
    },
  };
}
