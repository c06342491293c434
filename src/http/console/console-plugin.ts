// The web console: server-rendered pages under /console, in the API's process and port. One
// encapsulated plugin, so what it adds (a form parser, cookies, sessions, CSRF, HTML errors) stays
// out of the JSON API: the API parses JSON only, never sets or reads a cookie, and keeps its error
// shape. Handlers call the same use cases as the API routes, with the same actor.
import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { HttpDeps } from '../deps.js';
import { sendConsoleError } from './console-errors.js';
import { consoleGuard } from './console-guard.js';
import { sessionOptions } from './console-session.js';
import { HTMX_DIR, HTMX_PREFIX } from './htmx-asset.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { inboxRoutes } from './routes/inbox-routes.js';
import { signInRoutes } from './routes/sign-in-routes.js';
import { ticketPageRoutes } from './routes/ticket-page-routes.js';
import { tuningAdminRoutes } from './routes/tuning-admin-routes.js';
import { tuningRoutes } from './routes/tuning-routes.js';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A state-changing request whose Origin (browsers send it on POST) is another site's. */
function fromElsewhere(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

export function consolePlugin(deps: HttpDeps) {
  return async function webConsole(app: FastifyInstance): Promise<void> {
    await app.register(formbody);
    await app.register(cookie);
    await app.register(session, sessionOptions(deps.console.secret, deps.console.sessions));
    await app.register(csrf, {
      sessionPlugin: '@fastify/session',
      getToken: (request) =>
        (request.body as { _csrf?: string } | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined),
    });
    await app.register(view, {
      engine: { eta: new Eta() },
      root: path.join(import.meta.dirname, 'views'),
      production: deps.config.env === 'production',
    });
    await app.register(fastifyStatic, {
      root: HTMX_DIR,
      prefix: HTMX_PREFIX,
      decorateReply: false,
      maxAge: '1d',
      allowedPath: (pathName) => pathName === '/htmx.min.js',
    });
    await app.register(fastifyStatic, {
      root: path.join(import.meta.dirname, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      maxAge: '1h',
    });

    app.setErrorHandler((err, request, reply) => sendConsoleError(err, request, reply, deps.unavailableDependency));
    app.setNotFoundHandler((request, reply) =>
      sendConsoleError(new AppError('not_found', { message: `There is no page at ${request.url.split('?')[0]}.` }), request, reply),
    );
    app.addHook('onRequest', consoleGuard(deps.users));
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(SECURITY_HEADERS);
      return payload;
    });
    // Every state-changing request: from our own pages (Origin), with the session's CSRF token. In
    // preHandler, not onRequest: a form's token is in its body, parsed only after onRequest.
    app.addHook('preHandler', (request, reply, done) => {
      if (SAFE_METHODS.has(request.method)) return done();
      if (fromElsewhere(request)) return done(new AppError('forbidden', { message: 'This request came from another site.' }));
      app.csrfProtection(request, reply, done);
    });

    await app.register(signInRoutes(deps));
    await app.register(inboxRoutes(deps));
    await app.register(dashboardRoutes(deps));
    await app.register(ticketPageRoutes(deps));
    await app.register(tuningRoutes(deps));
    await app.register(tuningAdminRoutes(deps));
  };
}
