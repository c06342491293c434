// Who is calling: a user with a JWT, or an integration with an API key (Bearer fl_… or X-Api-Key).
// Both are looked up on every request, so a revoked key, a deleted account or a changed role takes
// effect at once rather than when the token expires.
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { Actor, Role } from '../domain/ticket.js';
import { authenticateApiKey } from '../pipeline/access/authenticate-api-key.js';
import { authenticateUser } from '../pipeline/access/authenticate-user.js';
import type { HttpDeps } from './deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const API_KEY_PREFIX = 'fl_';

async function resolveActor(deps: HttpDeps, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  const apiKeyHeader = request.headers['x-api-key'];
  if (typeof apiKeyHeader === 'string') return authenticateApiKey(deps.apiKeys, apiKeyHeader);
  if (!header) throw new AppError('unauthorized', { message: 'Send a bearer token in the Authorization header.' });
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthorized', { message: 'The Authorization header must be "Bearer <token>".' });
  const credential = match[1]!;
  if (credential.startsWith(API_KEY_PREFIX)) return authenticateApiKey(deps.apiKeys, credential);
  return authenticateUser(deps, credential);
}

export interface GuardOptions {
  /** Roles allowed; any signed-in user when absent. */
  roles?: readonly Role[];
  /** Whether an integration's API key is accepted. */
  apiKey?: boolean;
}

export type Guard = (options?: GuardOptions) => onRequestAsyncHookHandler;

export function createGuard(deps: HttpDeps): Guard {
  return (options = {}) =>
    async function guard(request) {
      const actor = await resolveActor(deps, request);
      if (actor.kind === 'api_key' && !options.apiKey) {
        throw new AppError('forbidden', { message: 'API keys cannot use this endpoint.' });
      }
      if (actor.kind === 'user' && options.roles && !options.roles.includes(actor.role)) {
        throw new AppError('forbidden', { message: `This needs the role ${options.roles.join(' or ')}.` });
      }
      request.actor = actor;
    };
}

/** The actor a guard has set; calling it on an unguarded route is a programming error. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error(`route ${request.url} is missing its auth guard`);
  return request.actor;
}
