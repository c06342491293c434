// Ports of access: users, API keys, password hashing, tokens and the login limiter.
import type { Role } from '../ticket.js';
import type { User } from '../user.js';
import type { ApiKey } from '../api-key.js';
import type { ChatPlatform } from '../ticket.js';
import type { UserWithSecret, ChatUser } from '../user.js';

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByEmailWithSecret(email: string): Promise<UserWithSecret | null>;
  /** Throws `conflict` when the email is taken. */
  create(input: { email: string; passwordHash: string | null; role: Role; displayName?: string | null }): Promise<User>;
  /** Creates the user or sets its password and role. */
  upsertWithPassword(input: { email: string; passwordHash: string; role: Role }): Promise<User>;
  /**
   * The customer an integration acts for, by email or by its own id, created on first use and linked
   * to the key: a key never gets a registered account or another key's customer, whatever the email.
   */
  findOrCreateIntegrationCustomer(apiKeyId: string, who: { email?: string; externalId?: string; name?: string }): Promise<User>;
  /**
   * The Firstline user behind a Slack or Discord user, created (role USER, no password) and linked
   * on first contact. Concurrent first contacts link to one user.
   */
  findOrCreateChatUser(who: ChatUser): Promise<User>;
  /** Sets a user's role, skills (lower-case words) and capacity; null when there is no such user. */
  updateProfile(id: string, patch: { role?: Role; skills?: string[]; capacity?: number }): Promise<User | null>;
  /** The user's identity on a chat platform (the newest, if several workspaces). */
  findChatIdentity(userId: string, platform: ChatPlatform): Promise<ChatUser | null>;
}

export interface ApiKeyRepository {
  create(input: { name: string; prefix: string; secretHash: string; createdById: string }): Promise<ApiKey>;
  findByPrefixWithSecret(prefix: string): Promise<(ApiKey & { secretHash: string }) | null>;
  list(): Promise<ApiKey[]>;
  /** Returns null when no such key exists. */
  revoke(id: string): Promise<ApiKey | null>;
  touch(id: string, at: Date): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | null): Promise<boolean>;
}

export interface TokenClaims {
  userId: string;
  role: Role;
}

export interface TokenService {
  issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number }>;
  /** Throws `unauthorized` for anything but a valid, unexpired token for this service. */
  verify(token: string): Promise<TokenClaims>;
}

export interface LoginLimiter {
  /** Seconds until another attempt is allowed, or 0 when allowed now. */
  retryAfter(key: { account: string; ip: string }): Promise<number>;
  recordFailure(key: { account: string; ip: string }): Promise<void>;
  recordSuccess(key: { account: string; ip: string }): Promise<void>;
}
