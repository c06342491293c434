// Sign-in and sign-out. The password check and its limits are the API login's (checkCredentials):
// one check, one limiter, whichever door is used. Customers (role USER) get no console session.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.js';
import { checkCredentials } from '../../../pipeline/access/log-in.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';

const ZSignIn = z.object({
  email: z.string().trim().max(254).default(''),
  password: z.string().max(1000).default(''),
});

export function signInRoutes(deps: HttpDeps) {
  return async function signIn(app: FastifyInstance): Promise<void> {
    const form = (error: string | null, email = '') => ({ title: 'Sign in', error, email });

    app.get('/login', { schema: { hide: true } }, async (_request, reply) => renderPage(reply, 'sign-in.eta', form(null)));

    app.post('/login', { schema: { hide: true } }, async (request, reply) => {
      const { email, password } = ZSignIn.parse(request.body ?? {});
      let user;
      try {
        user = await checkCredentials(
          { users: deps.users, hasher: deps.hasher, limiter: deps.loginLimiter },
          { email, password, ip: request.ip },
        );
      } catch (err) {
        if (isAppError(err) && err.code === 'unauthorized') {
          return renderPage(reply.status(401), 'sign-in.eta', form('Wrong email or password.', email));
        }
        if (isAppError(err) && err.code === 'rate_limited') {
          const seconds = Number(err.details?.retryAfterSeconds ?? 60);
          void reply.header('retry-after', String(seconds));
          return renderPage(reply.status(429), 'sign-in.eta', form(`Too many failed sign-ins. Try again in ${seconds} seconds.`, email));
        }
        throw err;
      }
      if (user.role !== 'AGENT' && user.role !== 'ADMIN') {
        return renderPage(
          reply.status(403),
          'sign-in.eta',
          form('This is a customer account: the console is for agents and admins. Ask an admin if you need access.', email),
        );
      }
      // A new session id on sign-in, so an id planted before it (session fixation) is worth nothing.
      await request.session.regenerate();
      request.session.userId = user.id;
      return reply.redirect('/console/', 303);
    });

    app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
      await request.session.destroy();
      return reply.redirect('/console/login', 303);
    });
  };
}
