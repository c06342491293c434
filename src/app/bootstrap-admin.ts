import type { Logger } from 'pino';
import type { PasswordHasher, UserRepository } from '../domain/ports/access.js';

/** ADMIN_EMAIL + ADMIN_PASSWORD: create the first admin, or bring its password and role up to date. */
export async function bootstrapAdmin(
  deps: { users: UserRepository; hasher: PasswordHasher; log: Logger },
  admin: { email: string; password: string } | undefined,
): Promise<void> {
  if (!admin) return;
  const existing = await deps.users.findByEmailWithSecret(admin.email);
  if (existing?.role === 'ADMIN' && (await deps.hasher.verify(admin.password, existing.passwordHash))) return;
  const user = await deps.users.upsertWithPassword({
    email: admin.email,
    passwordHash: await deps.hasher.hash(admin.password),
    role: 'ADMIN',
  });
  deps.log.info({ userId: user.id, created: existing === null }, 'admin account from ADMIN_EMAIL is ready');
}
