// Tuning, for admins: the deployment's auto-resolve threshold (changed and reset here, as PUT and
// DELETE /admin/settings/auto-resolve-threshold do), the precision/coverage curve of the shadow
// period and the threshold it implies, and the intents with their examples, thresholds and track
// records. Agents get the API's 403.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { impliedThreshold, THRESHOLD_RANGE } from '../../../domain/auto-resolve-threshold.js';
import { AppError } from '../../../domain/errors.js';
import { METRICS_WINDOWS } from '../../../domain/metrics-window.js';
import { listIntents } from '../../../pipeline/learning/list-intents.js';
import { changeThreshold, readThresholdSetting } from '../../../pipeline/tuning/auto-resolve-threshold-setting.js';
import { intentTrackRecords } from '../../../pipeline/tuning/intent-track-records.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';

const ZTuningQuery = z.object({
  window: z.enum(METRICS_WINDOWS).catch('30d'),
  saved: z.enum(['threshold', 'reset']).optional().catch(undefined),
});

const ZThresholdForm = z.object({
  value: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined),
    z
      .number({ error: 'Enter a number, e.g. 0.85.' })
      .min(THRESHOLD_RANGE.min, `Enter a number from ${THRESHOLD_RANGE.min} to ${THRESHOLD_RANGE.max}.`)
      .max(THRESHOLD_RANGE.max, `Enter a number from ${THRESHOLD_RANGE.min} to ${THRESHOLD_RANGE.max}.`),
  ),
});

const SAVED = { threshold: 'Threshold saved.', reset: 'Threshold reset to the environment’s.' } as const;

export function tuningRoutes(deps: HttpDeps) {
  const settingDeps = { settings: deps.deploymentSettings, environment: deps.config.pipeline.autoResolveThreshold };
  const targetPrecision = deps.config.pipeline.autoResolveTargetPrecision;

  async function renderTuning(reply: FastifyReply, query: z.infer<typeof ZTuningQuery>, form: { value?: string; error?: string } = {}) {
    const [setting, intents, records, metrics] = await Promise.all([
      readThresholdSetting(settingDeps),
      listIntents({ pack: deps.intentPack, labels: deps.learning }),
      intentTrackRecords({ pack: deps.intentPack, trackRecords: deps.candidates }),
      deps.metrics.compute(query.window, new Date()),
    ]);
    const curve = [...metrics.shadow.byThreshold].sort((a, b) => a.threshold - b.threshold);
    return renderPage(reply, 'tuning.eta', {
      title: 'Tuning',
      section: 'tuning',
      tuning: 'overview',
      notice: query.saved ? SAVED[query.saved] : null,
      setting,
      range: THRESHOLD_RANGE,
      form,
      intents: intents.map((i) => ({ ...i, record: records.get(i.name) ?? null })),
      window: query.window,
      windows: METRICS_WINDOWS,
      shadow: { tickets: metrics.shadow.tickets, curve, implied: impliedThreshold(curve, targetPrecision) },
      targetPrecision,
      cacheSeconds: deps.config.pipeline.settingsCacheSeconds,
    });
  }

  return async function tuningPages(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request) => {
      if (request.consoleUser?.role !== 'ADMIN') throw new AppError('forbidden', { message: 'Tuning is for admins.' });
    });

    app.get('/tuning', { schema: { hide: true } }, async (request, reply) => renderTuning(reply, ZTuningQuery.parse(request.query)));

    app.post('/tuning/threshold', { schema: { hide: true } }, async (request, reply) => {
      const parsed = ZThresholdForm.safeParse(request.body);
      if (!parsed.success) {
        const value = String((request.body as { value?: unknown } | undefined)?.value ?? '');
        void reply.status(400);
        return renderTuning(reply, ZTuningQuery.parse({}), { value, error: parsed.error.issues[0]?.message ?? 'Enter a number.' });
      }
      await changeThreshold(settingDeps, parsed.data.value, request.consoleUser!.id);
      return reply.redirect('/console/tuning?saved=threshold', 303);
    });

    app.post('/tuning/threshold/reset', { schema: { hide: true } }, async (request, reply) => {
      await changeThreshold(settingDeps, null, request.consoleUser!.id);
      return reply.redirect('/console/tuning?saved=reset', 303);
    });
  };
}
