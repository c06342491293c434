// Creates a user, or sets an existing one's role and password: what `firstline user create` does,
// whether it opens the database itself or asks the running service to (see app/local-control.ts).
import { randomBytes } from 'node:crypto';
import type { PasswordHasher, UserRepository } from '../../domain/ports/access.js';
import type { User } from '../../domain/user.js';
import type { Role } from '../../domain/ticket.js';

export interface SaveUserInput {
  email: string;
  role: Role;
  /** Absent: one is generated, and returned once. */
  password?: string;
}

export async function saveUser(
  deps: { users: UserRepository; hasher: PasswordHasher },
  input: SaveUserInput,
): Promise<{ user: User; generatedPassword: string | null }> {
  const password = input.password ?? randomBytes(12).toString('base64url');
  const user = await deps.users.upsertWithPassword({
    email: input.email,
    passwordHash: await deps.hasher.hash(password),
    role: input.role,
  });
  return { user, generatedPassword: input.password === undefined ? password : null };
}
