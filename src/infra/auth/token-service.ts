// HS256 JWTs with jose. Algorithm, issuer, audience and expiry are all checked on verify.
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { TokenService } from '../../domain/ports/access.js';
import { ROLES } from '../../domain/ticket.js';

const ZClaims = z.object({ sub: z.uuid(), role: z.enum(ROLES), exp: z.number() });

export interface TokenServiceOptions {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Tokens whose check is remembered at most (see VerifiedTokens); 0 remembers none. */
  rememberVerified?: number;
  now?: () => number;
}

/** Checked tokens remembered per process by default: about 5 MB at the most. */
export const REMEMBERED_TOKENS = 10_000;

interface Verified {
  claims: { userId: string; role: (typeof ROLES)[number] };
  /** Expiry, in ms since the epoch. */
  expiresAt: number;
}

/**
 * Tokens already checked, with their claims, until they expire; the least recently used go first.
 * A token's signature and claims are a function of its text alone, so checking it again proves
 * nothing new; and jose checks an HS256 signature through WebCrypto, a thread-pool job per token
 * that took 11 % of the API's event loop under load (`npm run bench -- api`). Expiry is checked on
 * every use. Who the user is now (role, deactivation) is still read on every request.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();
  constructor(private readonly max: number) {}

  get(token: string, now: number): Verified['claims'] | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    this.entries.delete(token);
    if (hit.expiresAt <= now) return undefined;
    this.entries.set(token, hit);
    return hit.claims;
  }

  add(token: string, verified: Verified): void {
    if (this.max === 0) return;
    this.entries.set(token, verified);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  // Imported once: given the raw bytes, jose imports a key for every token it signs or checks,
  // which was the largest cost of an authenticated request after the database.
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  const verified = new VerifiedTokens(options.rememberVerified ?? REMEMBERED_TOKENS);
  const now = options.now ?? Date.now;
  return {
    async issue({ userId, role }) {
      const token = await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(await key);
      return { token, expiresIn: options.ttlSeconds };
    },
    async verify(token) {
      const known = verified.get(token, now());
      if (known) return known;
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          issuer: options.issuer,
          audience: options.audience,
          requiredClaims: ['exp', 'sub'],
          currentDate: new Date(now()),
        });
        const claims = ZClaims.parse(payload);
        const checked = { userId: claims.sub, role: claims.role };
        verified.add(token, { claims: checked, expiresAt: claims.exp * 1000 });
        return checked;
      } catch (cause) {
        throw new AppError('unauthorized', { message: 'The access token is invalid or expired.', cause });
      }
    },
  };
}
