// Who is using the console: the session names a user id, and the user is read again on every
// request (as authenticateUser does for tokens), so a deleted account or a demotion takes effect at
// once. Customers (role USER) have no console. The actor set here is the one API routes get.
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { UserRepository } from '../../domain/ports/access.js';
import type { User } from '../../domain/user.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console user, as read from the database for this request. */
    consoleUser?: User;
  }
}

export const SIGN_IN_PATH = '/console/login';

export const isHtmx = (request: FastifyRequest): boolean => request.headers['hx-request'] === 'true';

/** To the sign-in form: a redirect for the browser, HX-Redirect for an htmx request (a full page load). */
export function sendToSignIn(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isHtmx(request)) return reply.status(401).header('hx-redirect', SIGN_IN_PATH).send('');
  return reply.redirect(SIGN_IN_PATH, 303);
}

/** Paths anyone may reach: the sign-in form and the static assets. */
const isOpen = (request: FastifyRequest): boolean =>
  request.routeOptions.url === SIGN_IN_PATH || request.url.startsWith('/console/assets/');

export function consoleGuard(users: Pick<UserRepository, 'findById'>): onRequestAsyncHookHandler {
  return async function guardConsole(request, reply) {
    if (isOpen(request)) return;
    const userId = request.session.userId;
    if (!userId) return sendToSignIn(request, reply);
    const user = await users.findById(userId);
    if (!user) {
      await request.session.destroy();
      return sendToSignIn(request, reply);
    }
    if (user.role !== 'AGENT' && user.role !== 'ADMIN') {
      await request.session.destroy();
      throw new AppError('forbidden', { message: 'Your account no longer has access to the console.' });
    }
    request.consoleUser = user;
    request.actor = { kind: 'user', userId: user.id, role: user.role };
  };
}
