import { AppError } from '../../domain/errors.js';
import type { TokenService, UserRepository } from '../../domain/ports/access.js';
import type { Actor } from '../../domain/ticket.js';

/**
 * The user an access token was issued to, as they are now. The token proves who signed in; their
 * role is read from the database on every request (one primary-key read), so a demotion takes
 * effect at once and a deleted account's tokens stop working, instead of both lasting until the
 * token expires. The role claim in the token is not trusted for anything.
 */
export async function authenticateUser(deps: { tokens: TokenService; users: UserRepository }, token: string): Promise<Actor> {
  const claims = await deps.tokens.verify(token);
  const user = await deps.users.findById(claims.userId);
  if (!user) throw new AppError('unauthorized', { message: 'The account this token was issued to no longer exists.' });
  return { kind: 'user', userId: user.id, role: user.role };
}
