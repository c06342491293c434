// Knowledge sources over the API (admins): list, add (read and stored in one go), sync, remove.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { KnowledgeSource, PassageChanges } from '../../domain/ports/knowledge.js';
import { addSource, removeSource, syncSource } from '../../pipeline/knowledge/manage-sources.js';
import { SOURCE_NAME } from '../../pipeline/knowledge/source-location.js';
import type { Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { ZErrorBody } from '../views.js';

const ADMINS = { roles: ['ADMIN'] } as const;
const security = [{ bearer: [] }];

const ZSourceView = z.object({
  name: z.string(),
  kind: z.enum(['path', 'url']),
  location: z.string(),
  created_at: z.string(),
  last_synced_at: z.string().nullable(),
  pages: z.number().int(),
  chunks: z.number().int(),
  errors: z.array(z.object({ url: z.string(), error: z.string() })).describe("The last sync's failures, one per document"),
});

const ZChangesView = z
  .object({ added: z.number().int(), removed: z.number().int(), unchanged: z.number().int() })
  .nullable()
  .describe('Null when the source could not be read at all; its passages were kept');

const toSourceView = (s: KnowledgeSource): z.infer<typeof ZSourceView> => ({
  name: s.name,
  kind: s.location.kind,
  location: s.location.kind === 'url' ? s.location.url : s.location.path,
  created_at: s.createdAt.toISOString(),
  last_synced_at: s.lastSyncedAt?.toISOString() ?? null,
  pages: s.pageCount,
  chunks: s.chunkCount,
  errors: s.errors,
});

const toChangesView = (c: PassageChanges | null) => (c ? { added: c.added.length, removed: c.removedIds.length, unchanged: c.kept } : null);

const ZName = z.string().regex(SOURCE_NAME, 'a-z, 0-9, ".", "_" or "-", at most 64 characters');
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody } as const;

export function knowledgeRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  const knowledge = deps.knowledge;
  return async (app) => {
    app.get(
      '/admin/knowledge-sources',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['knowledge'],
          summary: 'Knowledge sources with their last sync',
          security,
          response: { 200: z.object({ items: z.array(ZSourceView) }), ...errors },
        },
      },
      async () => ({ items: (await knowledge.knowledge.list()).map(toSourceView) }),
    );

    app.post(
      '/admin/knowledge-sources',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['knowledge'],
          summary: 'Add a source (a path on the server, or a page or sitemap.xml URL): it is read and stored before the answer',
          security,
          body: z.strictObject({ location: z.string().trim().min(1).max(2048), name: ZName.optional() }),
          response: { 201: z.object({ source: ZSourceView, changes: ZChangesView }), ...errors, 409: ZErrorBody },
        },
      },
      async (request, reply) => {
        const { source, changes } = await addSource(knowledge, request.body);
        return reply.code(201).send({ source: toSourceView(source), changes: toChangesView(changes) });
      },
    );

    app.post(
      '/admin/knowledge-sources/:name/sync',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['knowledge'],
          summary: 'Read the source again; only changed sections are stored again, removed pages disappear',
          security,
          params: z.object({ name: ZName }),
          response: { 200: z.object({ source: ZSourceView, changes: ZChangesView }), ...errors, 404: ZErrorBody },
        },
      },
      async (request) => {
        const { source, changes } = await syncSource(knowledge, request.params.name);
        return { source: toSourceView(source), changes: toChangesView(changes) };
      },
    );

    app.delete(
      '/admin/knowledge-sources/:name',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['knowledge'],
          summary: 'Remove the source and its passages',
          security,
          params: z.object({ name: ZName }),
          response: { 204: z.null(), ...errors, 404: ZErrorBody },
        },
      },
      async (request, reply) => {
        await removeSource(knowledge, request.params.name);
        return reply.code(204).send(null);
      },
    );
  };
}
