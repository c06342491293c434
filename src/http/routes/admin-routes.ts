import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { METRICS_WINDOWS } from '../../domain/metrics-window.js';
import {
  bucketCount,
  buildMetricsSeries,
  DEFAULT_BUCKET,
  MAX_SERIES_BUCKETS,
  SERIES_BUCKETS,
  SERIES_WINDOWS,
  seriesRange,
} from '../../domain/metrics-series.js';
import { PRIORITIES, ROLES } from '../../domain/ticket.js';
import { createApiKey } from '../../pipeline/access/create-api-key.js';
import { SKILL_PATTERN, updateAgentProfile } from '../../pipeline/access/update-agent-profile.js';
import { listIntents } from '../../pipeline/learning/list-intents.js';
import { readAdminMetrics } from '../../pipeline/metrics/read-admin-metrics.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { toMetricsSeriesView, ZMetricsSeries } from '../metrics-series-view.js';
import { slaMetricName, toApiKeyView, toTicketPage, ZApiKeyView, ZErrorBody, ZSlaMetricName, ZTicketPage } from '../views.js';
import { ZTicketFilters } from './ticket-routes.js';

const ADMIN = { roles: ['ADMIN'] } as const;
const ZSkill = z.string().regex(SKILL_PATTERN, 'skills are lower-case words (a-z, 0-9, _ and -)');
const ZAgentView = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    display_name: z.string().nullable(),
    role: z.enum(ROLES),
    skills: z.array(z.string()),
    capacity: z.number().int(),
    load: z.number().int(),
  })
  .meta({ id: 'Agent' });
const security = [{ bearer: [] }];

const ZRatio = z.number().nullable();
const ZSlaAttainment = z
  .object({
    priority: z.enum(PRIORITIES),
    metric: ZSlaMetricName,
    met: z.number().int().meta({ description: 'Timers that stopped in the window within their target' }),
    breached: z.number().int().meta({ description: 'Timers that stopped in the window past their target' }),
    attainment: ZRatio.meta({ description: 'met / (met + breached); null when no timer stopped in the window' }),
    breached_open: z.number().int().meta({ description: 'Timers running past their target now (whatever the window)' }),
  })
  .meta({ id: 'SlaAttainment' });
const ZMetrics = z
  .object({
    window: z.enum(METRICS_WINDOWS),
    since: z.string().nullable(),
    totals: z.object({
      tickets: z.number().int(),
      by_status: z.record(z.string(), z.number().int()),
      by_source: z.record(z.string(), z.number().int()),
      by_intent: z.record(z.string(), z.number().int()),
    }),
    auto_resolve_rate: ZRatio,
    escalation_rate: ZRatio,
    resolutions: z.object({ verified: z.number().int(), assumed: z.number().int() }),
    median_seconds_to_first_response: z.number().nullable(),
    median_seconds_to_resolution: z.number().nullable(),
    satisfaction: z.object({ helpful: z.number().int(), not_helpful: z.number().int(), rate: ZRatio }),
    open_escalations: z.number().int(),
    delivery_failures: z.number().int().meta({ description: 'Chat messages that could not be delivered after every retry' }),
    shadow: z
      .object({
        tickets: z
          .number()
          .int()
          .meta({ description: 'Tickets escalated as `shadow_mode` in the window that an agent has since answered' }),
        agreed: z.number().int().meta({ description: 'Of those, answered with the suggested answer unchanged (same words)' }),
        by_threshold: z.array(
          z.object({
            threshold: z.number(),
            coverage: ZRatio.meta({
              description:
                'Share of those tickets whose best candidate’s answer confidence is at least the threshold: what would have been answered',
            }),
            precision: ZRatio.meta({ description: 'Of the covered tickets, the share the agent agreed with; null when none is covered' }),
          }),
        ),
      })
      .meta({ description: 'AUTO_RESOLVE_MODE=shadow: how agents answered what Firstline would have sent, by threshold' }),
    sla: z
      .array(ZSlaAttainment)
      .meta({ description: 'SLA attainment per priority and metric (every pair, P1 first), over timers that stopped in the window' }),
  })
  .meta({ id: 'Metrics' });

const ZIntentView = z
  .object({
    name: z.string(),
    source: z
      .enum(['pack', 'learned'])
      .meta({ description: '`learned`: a name agents gave when resolving that is not in the intent pack' }),
    templates: z.number().int(),
    pack_examples: z.number().int(),
    agent_examples: z.number().int().meta({ description: 'Messages agents resolved with this intent: what retraining learns from' }),
    auto_resolve: z
      .boolean()
      .nullable()
      .meta({ description: 'The pack’s setting; null for `unknown` and learned intents (no pack policy)' }),
    threshold: z
      .number()
      .nullable()
      .meta({ description: 'The intent’s own threshold in the pack; null when AUTO_RESOLVE_THRESHOLD alone applies' }),
  })
  .meta({ id: 'Intent' });

export function adminRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/metrics',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Support metrics over a window',
          security,
          querystring: z.strictObject({ window: z.enum(METRICS_WINDOWS).default('7d') }),
          response: { 200: ZMetrics, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => {
        const { metrics: m, sla } = await readAdminMetrics(deps, request.query.window, new Date());
        return {
          window: m.window,
          since: m.since?.toISOString() ?? null,
          totals: { tickets: m.totals.tickets, by_status: m.totals.byStatus, by_source: m.totals.bySource, by_intent: m.totals.byIntent },
          auto_resolve_rate: m.autoResolveRate,
          escalation_rate: m.escalationRate,
          resolutions: m.resolutions,
          median_seconds_to_first_response: m.medianSecondsToFirstResponse,
          median_seconds_to_resolution: m.medianSecondsToResolution,
          satisfaction: { helpful: m.satisfaction.helpful, not_helpful: m.satisfaction.notHelpful, rate: m.satisfaction.rate },
          open_escalations: m.openEscalations,
          delivery_failures: m.deliveryFailures,
          shadow: {
            tickets: m.shadow.tickets,
            agreed: m.shadow.agreed,
            by_threshold: m.shadow.byThreshold.map((t) => ({ threshold: t.threshold, coverage: t.coverage, precision: t.precision })),
          },
          sla: sla.map((row) => ({
            priority: row.priority,
            metric: slaMetricName(row.metric),
            met: row.met,
            breached: row.breached,
            attainment: row.attainment,
            breached_open: row.breachedOpen,
          })),
        };
      },
    );

    app.get(
      '/admin/metrics/series',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'The dashboard’s figures over time: per UTC hour or day, and the window’s intents',
          description:
            `Default bucket: an hour for 24h, a day for longer windows. More than ${MAX_SERIES_BUCKETS} buckets ` +
            '(90d by the hour) is refused with 400.',
          security,
          querystring: z
            .strictObject({ window: z.enum(SERIES_WINDOWS).default('7d'), bucket: z.enum(SERIES_BUCKETS).optional() })
            .refine((q) => bucketCount(q.window, q.bucket ?? DEFAULT_BUCKET[q.window]) <= MAX_SERIES_BUCKETS, {
              message: `more than ${MAX_SERIES_BUCKETS} buckets: choose a longer bucket or a shorter window`,
              path: ['bucket'],
            }),
          response: { 200: ZMetricsSeries, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => {
        const { window, bucket = DEFAULT_BUCKET[window] } = request.query;
        const range = seriesRange(window, bucket, new Date());
        return toMetricsSeriesView(buildMetricsSeries(range, await deps.metrics.series(range)));
      },
    );

    app.get(
      '/admin/tickets',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Every ticket, with the same filters as GET /tickets, and their SLA timers',
          security,
          querystring: ZTicketFilters,
          response: { 200: ZTicketPage, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => {
        const page = await deps.tickets.list(request.query);
        return toTicketPage(page, await deps.sla.listTimersOf(page.items.map((t) => t.id)));
      },
    );

    app.get(
      '/admin/agents',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Agents and admins: skills, capacity and current load (claimed open tickets)',
          security,
          response: { 200: z.object({ items: z.array(ZAgentView) }), 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async () => ({
        items: (await deps.assignments.listAgents()).map((a) => ({
          id: a.id,
          email: a.email,
          display_name: a.displayName,
          role: a.role,
          skills: [...a.skills],
          capacity: a.capacity,
          load: a.load,
        })),
      }),
    );

    app.get(
      '/admin/intents',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Every intent the classifier knows (the pack’s, `unknown` and those agents taught it), by name, with its examples',
          security,
          response: { 200: z.object({ items: z.array(ZIntentView) }), 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async () => ({
        items: (await listIntents({ pack: deps.intentPack, labels: deps.learning })).map((i) => ({
          name: i.name,
          source: i.source,
          templates: i.templates,
          pack_examples: i.packExamples,
          agent_examples: i.agentExamples,
          auto_resolve: i.autoResolve,
          threshold: i.threshold,
        })),
      }),
    );

    app.patch(
      '/admin/users/:id',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Make someone an agent (or not), and set the skills and capacity escalations are offered by',
          security,
          params: z.object({ id: z.uuid() }),
          body: z
            .strictObject({
              role: z.enum(ROLES).optional(),
              skills: z
                .array(ZSkill)
                .max(50)
                .transform((skills) => [...new Set(skills)])
                .optional(),
              capacity: z.number().int().min(0).max(1000).optional(),
            })
            .refine((b) => Object.keys(b).length > 0, { message: 'set at least one of role, skills, capacity' }),
          response: { 200: ZAgentView.omit({ load: true }), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const user = await updateAgentProfile(deps, request.params.id, request.body);
        return {
          id: user.id,
          email: user.email,
          display_name: user.displayName,
          role: user.role,
          skills: user.skills,
          capacity: user.capacity,
        };
      },
    );

    app.post(
      '/admin/api-keys',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Create an integration key; the key is shown in this response only',
          security,
          body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
          response: { 201: z.object({ api_key: ZApiKeyView, key: z.string() }), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (actor.kind !== 'user') throw new AppError('forbidden');
        const created = await createApiKey(deps.apiKeys, { name: request.body.name, createdById: actor.userId });
        return reply.status(201).send({ api_key: toApiKeyView(created), key: created.key });
      },
    );

    app.get(
      '/admin/api-keys',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Integration keys (never their secrets)',
          security,
          response: { 200: z.object({ items: z.array(ZApiKeyView) }), 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async () => ({ items: (await deps.apiKeys.list()).map(toApiKeyView) }),
    );

    app.delete(
      '/admin/api-keys/:id',
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Revoke an integration key',
          security,
          params: z.object({ id: z.uuid() }),
          response: { 200: ZApiKeyView, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const revoked = await deps.apiKeys.revoke(request.params.id);
        if (!revoked) throw new AppError('not_found', { message: 'No such API key.' });
        return toApiKeyView(revoked);
      },
    );
  };
}
