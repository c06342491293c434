import { AppError } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/email.js';
import type { LoginLimiter, PasswordHasher, TokenService, UserRepository } from '../../domain/ports/access.js';
import type { User } from '../../domain/user.js';

export interface LogInDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  tokens: TokenService;
  limiter: LoginLimiter;
}

/**
 * Checks the password: the one check the API's login and the web console's sign-in share. Failures
 * are counted per account and per IP; past the limit every attempt is refused with `rate_limited`
 * before the password is even checked. A wrong password and an unknown email look the same.
 */
export async function checkCredentials(
  deps: Pick<LogInDeps, 'users' | 'hasher' | 'limiter'>,
  input: { email: string; password: string; ip: string },
): Promise<User> {
  const key = { account: normalizeEmail(input.email), ip: input.ip };
  const retryAfterSeconds = await deps.limiter.retryAfter(key);
  if (retryAfterSeconds > 0) {
    throw new AppError('rate_limited', { message: 'Too many failed logins. Try again later.', details: { retryAfterSeconds } });
  }
  const user = await deps.users.findByEmailWithSecret(input.email);
  const valid = await deps.hasher.verify(input.password, user?.passwordHash ?? null);
  if (!user || !valid) {
    await deps.limiter.recordFailure(key);
    throw new AppError('unauthorized', { message: 'Wrong email or password.' });
  }
  await deps.limiter.recordSuccess(key);
  const { passwordHash: _secret, ...publicUser } = user;
  return publicUser;
}

/** Checks the password (see checkCredentials) and issues an access token. */
export async function logIn(
  deps: LogInDeps,
  input: { email: string; password: string; ip: string },
): Promise<{ token: string; expiresIn: number; user: User }> {
  const user = await checkCredentials(deps, input);
  const { token, expiresIn } = await deps.tokens.issue({ userId: user.id, role: user.role });
  return { token, expiresIn, user };
}
