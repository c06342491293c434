import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { logIn } from '../../pipeline/access/log-in.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { toUserView, ZErrorBody, ZUserView } from '../views.js';

const ZCredentials = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
});
const ZRegister = ZCredentials.extend({ display_name: z.string().trim().min(1).max(100).optional() });
const ZToken = z.object({ access_token: z.string(), token_type: z.literal('bearer'), expires_in: z.number().int() });

export function authRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/register',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create a customer account (role USER)',
          body: ZRegister,
          response: { 201: z.object({ user: ZUserView }), 400: ZErrorBody, 409: ZErrorBody },
        },
      },
      async (request, reply) => {
        const { email, password, display_name } = request.body;
        const user = await deps.users.create({
          email,
          passwordHash: await deps.hasher.hash(password),
          role: 'USER',
          displayName: display_name ?? null,
        });
        return reply.status(201).send({ user: toUserView(user) });
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange email and password for an access token',
          body: z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(200) }),
          response: { 200: ZToken, 401: ZErrorBody, 429: ZErrorBody },
        },
      },
      async (request) => {
        const { token, expiresIn } = await logIn(
          { users: deps.users, hasher: deps.hasher, tokens: deps.tokens, limiter: deps.loginLimiter },
          { ...request.body, ip: request.ip },
        );
        return { access_token: token, token_type: 'bearer' as const, expires_in: expiresIn };
      },
    );

    app.get(
      '/auth/me',
      {
        onRequest: guard(),
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user',
          security: [{ bearer: [] }],
          response: { 200: z.object({ user: ZUserView }), 401: ZErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const user = actor.kind === 'user' ? await deps.users.findById(actor.userId) : null;
        if (!user) throw new AppError('unauthorized', { message: 'The account no longer exists.' });
        return { user: toUserView(user) };
      },
    );
  };
}
