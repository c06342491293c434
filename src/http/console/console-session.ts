// The console's session: a signed cookie holding only the session id, scoped to /console, and the
// session itself in Redis (domain/ports/console.ts SessionStore). Before sign-in a session holds
// only the sign-in form's CSRF secret and lives 15 minutes; a signed-in one holds the user id and
// lives 8 hours from sign-in.
import type { FastifySessionOptions, SessionStore as FastifySessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { SessionStore } from '../../domain/ports/console.js';

declare module 'fastify' {
  interface Session {
    /** The only thing a session says about who is signed in; the user is read again on every request. */
    userId?: string;
  }
}

export const CONSOLE_COOKIE = 'fl_console';
export const SIGNED_IN_TTL_SECONDS = 8 * 3600;
export const ANONYMOUS_TTL_SECONDS = 15 * 60;

/** @fastify/session's callback store over our promise-based port. */
export function toFastifyStore(store: SessionStore): FastifySessionStore {
  return {
    set(id, session, done) {
      const ttl = session.userId ? SIGNED_IN_TTL_SECONDS : ANONYMOUS_TTL_SECONDS;
      store.set(id, JSON.parse(JSON.stringify(session)) as Record<string, unknown>, ttl).then(() => done(), done);
    },
    get(id, done) {
      store.get(id).then((data) => done(null, (data ?? null) as unknown as Session), done);
    },
    destroy(id, done) {
      store.destroy(id).then(() => done(), done);
    },
  };
}

export function sessionOptions(secret: string, store: SessionStore): FastifySessionOptions {
  return {
    secret,
    cookieName: CONSOLE_COOKIE,
    store: toFastifyStore(store),
    saveUninitialized: false,
    rolling: false,
    // `auto`: Secure when the request came over HTTPS, which behind a TLS proxy needs TRUST_PROXY.
    cookie: { path: '/console', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SIGNED_IN_TTL_SECONDS * 1000 },
  };
}
