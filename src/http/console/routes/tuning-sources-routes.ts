// Knowledge sources with their last sync, and a Sync button per source and for all. The sync runs
// inline, as POST /admin/knowledge-sources/:name/sync and `firstline kb sync` do, and the page that
// answers says what changed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { syncAllSources, syncSource } from '../../../pipeline/knowledge/manage-sources.js';
import { SOURCE_NAME } from '../../../pipeline/knowledge/source-location.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';
import { syncAllMessages, syncMessage } from '../tuning-messages.js';

const ZSourceRef = z.object({ name: z.string().regex(SOURCE_NAME, 'must be a knowledge source’s name') });

export function tuningSourcesRoutes(deps: HttpDeps) {
  const { knowledge } = deps;

  async function page(reply: FastifyReply, notices: string[] = []) {
    return renderPage(reply, 'tuning-sources.eta', {
      title: 'Knowledge sources',
      section: 'tuning',
      tuning: 'sources',
      sources: await knowledge.knowledge.list(),
      notices,
    });
  }

  return async function tuningSourcesPages(app: FastifyInstance): Promise<void> {
    app.get('/tuning/sources', { schema: { hide: true } }, async (_request, reply) => page(reply));

    app.post('/tuning/sources/sync', { schema: { hide: true } }, async (_request, reply) =>
      page(reply, syncAllMessages(await syncAllSources(knowledge))),
    );

    app.post('/tuning/sources/:name/sync', { schema: { hide: true } }, async (request, reply) => {
      const { name } = ZSourceRef.parse(request.params);
      return page(reply, [syncMessage(await syncSource(knowledge, name))]);
    });
  };
}
