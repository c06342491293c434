// Access tokens: HS256 with issuer, audience and expiry checked; a token already checked is
// remembered until it expires, so a busy client does not pay for the signature on every request.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenService, VerifiedTokens } from '../../src/infra/auth/token-service.js';

const SECRET = 'a-secret-of-at-least-thirty-two-bytes!!';
const USER = '6f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70';

function service(clock: { now: number }, rememberVerified?: number) {
  return createTokenService({
    secret: SECRET,
    issuer: 'firstline',
    audience: 'firstline-api',
    ttlSeconds: 60,
    now: () => clock.now,
    ...(rememberVerified === undefined ? {} : { rememberVerified }),
  });
}

const unauthorized = { code: 'unauthorized' };

describe('access tokens', () => {
  it('accepts its own token and refuses a tampered, foreign or malformed one', async () => {
    const clock = { now: Date.now() };
    const tokens = service(clock);
    const { token } = await tokens.issue({ userId: USER, role: 'AGENT' });
    expect(await tokens.verify(token)).toEqual({ userId: USER, role: 'AGENT' });

    const [header, payload, signature] = token.split('.');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(tokens.verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject(unauthorized);
    const foreign = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER)
      .setIssuer('firstline')
      .setAudience('firstline-api')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'));
    await expect(tokens.verify(foreign)).rejects.toMatchObject(unauthorized);
    await expect(tokens.verify('not-a-token')).rejects.toMatchObject(unauthorized);
  });

  it('refuses a remembered token once it has expired, as a fresh one', async () => {
    const clock = { now: Date.now() };
    const tokens = service(clock);
    const { token } = await tokens.issue({ userId: USER, role: 'USER' });
    expect(await tokens.verify(token)).toEqual({ userId: USER, role: 'USER' });
    clock.now += 59_000;
    expect(await tokens.verify(token)).toEqual({ userId: USER, role: 'USER' });
    clock.now += 2_000;
    await expect(tokens.verify(token)).rejects.toMatchObject(unauthorized);
    // Never remembered: the same answer from the signature check itself.
    const fresh = service({ now: clock.now }, 0);
    await expect(fresh.verify(token)).rejects.toMatchObject(unauthorized);
  });

  it('remembers at most the tokens it is told to, the least recently used going first', () => {
    const remembered = new VerifiedTokens(2);
    const entry = (role: 'USER' | 'AGENT' | 'ADMIN') => ({ claims: { userId: USER, role }, expiresAt: 2_000 });
    remembered.add('a', entry('USER'));
    remembered.add('b', entry('AGENT'));
    expect(remembered.get('a', 1_000)).toEqual({ userId: USER, role: 'USER' }); // a is now the most recent
    remembered.add('c', entry('ADMIN'));
    expect(remembered.get('b', 1_000)).toBeUndefined();
    expect(remembered.get('a', 1_000)).toEqual({ userId: USER, role: 'USER' });
    expect(remembered.get('c', 1_000)).toEqual({ userId: USER, role: 'ADMIN' });
    // Expired entries are dropped when met; none are kept with a limit of 0.
    expect(remembered.get('c', 2_000)).toBeUndefined();
    const none = new VerifiedTokens(0);
    none.add('a', entry('USER'));
    expect(none.get('a', 1_000)).toBeUndefined();
  });
});
