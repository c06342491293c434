// Settings admins change at run time, over the API: the deployment's auto-resolve threshold (the
// console's Tuning page changes the same one). Workers read it within SETTINGS_CACHE_SECONDS.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { THRESHOLD_RANGE } from '../../domain/auto-resolve-threshold.js';
import { AppError } from '../../domain/errors.js';
import { changeThreshold, readThresholdSetting, type ThresholdSetting } from '../../pipeline/tuning/auto-resolve-threshold-setting.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { ZErrorBody } from '../views.js';

const ADMIN = { roles: ['ADMIN'] } as const;
const security = [{ bearer: [] }];
const PATH = '/admin/settings/auto-resolve-threshold';

const ZThresholdSetting = z
  .object({
    value: z.number().meta({ description: 'The deployment’s threshold in force' }),
    source: z.enum(['override', 'environment']).meta({ description: '`override`: set by an admin; `environment`: AUTO_RESOLVE_THRESHOLD' }),
    environment: z.number().meta({ description: 'AUTO_RESOLVE_THRESHOLD, which a reset returns to' }),
    changes: z
      .array(
        z.object({
          value: z.number().nullable().meta({ description: 'Null: reset to the environment’s' }),
          changed_at: z.string(),
          changed_by: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: 'Null once the account was deleted' }),
        }),
      )
      .meta({ description: 'The latest changes, newest first' }),
  })
  .meta({ id: 'AutoResolveThresholdSetting' });

const toView = (s: ThresholdSetting): z.infer<typeof ZThresholdSetting> => ({
  value: s.value,
  source: s.source,
  environment: s.environment,
  changes: s.changes.map((c) => ({ value: c.value, changed_at: c.changedAt.toISOString(), changed_by: c.changedBy })),
});

/** Who changes it: a signed-in admin (an API key has no name to audit). */
function changerOf(request: Parameters<typeof actorOf>[0]): string {
  const actor = actorOf(request);
  if (actor.kind !== 'user') throw new AppError('forbidden', { message: 'Only a signed-in admin can change settings.' });
  return actor.userId;
}

export function settingsRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  const settingDeps = { settings: deps.deploymentSettings, environment: deps.config.pipeline.autoResolveThreshold };
  return async (app) => {
    app.get(
      PATH,
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'The deployment’s auto-resolve threshold in force, where it comes from, and its latest changes',
          security,
          response: { 200: ZThresholdSetting, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async () => toView(await readThresholdSetting(settingDeps)),
    );

    app.put(
      PATH,
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Set the deployment’s auto-resolve threshold, overriding AUTO_RESOLVE_THRESHOLD',
          description:
            'Workers use it for tickets triaged from at most SETTINGS_CACHE_SECONDS later. An intent’s own threshold in the ' +
            'pack, and the answer-confidence model’s when higher, still apply.',
          security,
          body: z.strictObject({ value: z.number().min(THRESHOLD_RANGE.min).max(THRESHOLD_RANGE.max) }),
          response: { 200: ZThresholdSetting, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => toView(await changeThreshold(settingDeps, request.body.value, changerOf(request))),
    );

    app.delete(
      PATH,
      {
        onRequest: guard(ADMIN),
        schema: {
          tags: ['admin'],
          summary: 'Reset the deployment’s auto-resolve threshold to AUTO_RESOLVE_THRESHOLD',
          security,
          response: { 200: ZThresholdSetting, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => toView(await changeThreshold(settingDeps, null, changerOf(request))),
    );
  };
}
