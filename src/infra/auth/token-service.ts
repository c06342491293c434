// HS256 JWTs with jose. Algorithm, issuer, audience and expiry are all checked on verify.
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { TokenService } from '../../domain/ports/access.js';
import { ROLES } from '../../domain/ticket.js';

const ZClaims = z.object({ sub: z.uuid(), role: z.enum(ROLES) });

export interface TokenServiceOptions {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  // Imported once: given the raw bytes, jose imports a key for every token it signs or checks,
  // which was the largest cost of an authenticated request after the database.
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
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
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          issuer: options.issuer,
          audience: options.audience,
          requiredClaims: ['exp', 'sub'],
        });
        const claims = ZClaims.parse(payload);
        return { userId: claims.sub, role: claims.role };
      } catch (cause) {
        throw new AppError('unauthorized', { message: 'The access token is invalid or expired.', cause });
      }
    },
  };
}
