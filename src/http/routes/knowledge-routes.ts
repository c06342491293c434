// Knowledge sources over the API (admins): list, add (read and stored in one go), sync, remove.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { KnowledgeSource, PassageChanges } from '../../domain/ports/knowledge.js';
import { METRICS_WINDOWS } from '../../domain/metrics-window.js';
import { groupKnowledgeGaps } from '../../pipeline/knowledge/knowledge-gaps.js';
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

/** The most recent gap tickets grouped per request (`truncated` says when a window held more); 2,000 banking77 messages group in about 0.1 s. */
const GAP_TICKETS_READ = 2000;

const ZGapGroupView = z.object({
  count: z.number().int(),
  example_messages: z.array(z.string()).describe('Up to 3 distinct messages, the most typical of the group first'),
  ticket_numbers: z.array(z.number().int()).describe('Up to 20, newest first'),
  latest_at: z.string(),
  top_terms: z.array(z.string()).describe("Up to 5 words the group's messages share and other gaps do not, for a label"),
  best_passage_confidence: z.number().nullable().describe('The best any passage scored for these tickets; null: none was a candidate'),
});

const ZGapsView = z.object({
  window: z.enum(METRICS_WINDOWS),
  tickets: z
    .number()
    .int()
    .describe('Gap tickets grouped: escalated for low confidence, no reply or an unknown intent, no passage at the threshold'),
  truncated: z.boolean().describe(`Only the ${GAP_TICKETS_READ} most recent gap tickets of the window were grouped`),
  groups: z.array(ZGapGroupView),
});

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

    app.get(
      '/admin/knowledge-gaps',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['knowledge'],
          summary: 'Recent escalations no passage answered, grouped by similarity, the biggest groups first: the docs to write',
          security,
          querystring: z.strictObject({
            window: z.enum(METRICS_WINDOWS).default('7d'),
            limit: z.coerce.number().int().min(1).max(100).default(20).describe('How many groups'),
          }),
          response: { 200: ZGapsView, ...errors },
        },
      },
      async (request) => {
        const { window, limit } = request.query;
        const tickets = await deps.knowledgeGaps.listGapTickets(window, new Date(), GAP_TICKETS_READ);
        const groups = groupKnowledgeGaps(tickets);
        return {
          window,
          tickets: tickets.length,
          truncated: tickets.length === GAP_TICKETS_READ,
          groups: groups.slice(0, limit).map((g) => ({
            count: g.count,
            example_messages: g.exampleMessages,
            ticket_numbers: g.ticketNumbers,
            latest_at: g.latestAt.toISOString(),
            top_terms: g.topTerms,
            best_passage_confidence: g.bestPassageConfidence,
          })),
        };
      },
    );
  };
}
