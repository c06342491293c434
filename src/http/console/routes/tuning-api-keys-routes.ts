// Integration API keys: listed without their secrets, created (the secret is on the page that
// answers the form, and nowhere else, ever) and revoked — the same calls as /admin/api-keys.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { createApiKey } from '../../../pipeline/access/create-api-key.js';
import { actorOf } from '../../authenticate.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';

const ZCreateKey = z.object({ name: z.string().trim().min(1, 'Give the key a name.').max(100, 'A name is at most 100 characters.') });
const ZKeyRef = z.object({ id: z.uuid('must be an API key’s id') });

interface Outcome {
  notice?: string;
  /** The new key's secret: shown on this one page. */
  secret?: { name: string; key: string };
}

export function tuningApiKeysRoutes(deps: HttpDeps) {
  const page = async (reply: FastifyReply, outcome: Outcome = {}) =>
    renderPage(reply, 'tuning-api-keys.eta', {
      title: 'API keys',
      section: 'tuning',
      tuning: 'api-keys',
      keys: await deps.apiKeys.list(),
      notice: outcome.notice ?? null,
      secret: outcome.secret ?? null,
    });

  return async function tuningApiKeysPages(app: FastifyInstance): Promise<void> {
    app.get('/tuning/api-keys', { schema: { hide: true } }, async (_request, reply) => page(reply));

    app.post('/tuning/api-keys', { schema: { hide: true } }, async (request, reply) => {
      const { name } = ZCreateKey.parse(request.body ?? {});
      const actor = actorOf(request);
      if (actor.kind !== 'user') throw new AppError('forbidden');
      const created = await createApiKey(deps.apiKeys, { name, createdById: actor.userId });
      return page(reply.status(201), { secret: { name: created.name, key: created.key } });
    });

    app.post('/tuning/api-keys/:id/revoke', { schema: { hide: true } }, async (request, reply) => {
      const { id } = ZKeyRef.parse(request.params);
      const revoked = await deps.apiKeys.revoke(id);
      if (!revoked) throw new AppError('not_found', { message: 'No such API key.' });
      return page(reply, {
        notice: `The key “${revoked.name}” (${revoked.prefix}…) is revoked: requests with it are refused from now on.`,
      });
    });
  };
}
