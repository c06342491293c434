// Workspace settings over the API (admins): the same settings a workspace's admins change in chat
// with `/firstline agents-channel | mode`, plus its admin list; and which workspaces installed the app.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUTO_RESOLVE_MODES, type WorkspaceSettings } from '../../domain/chat-workspace.js';
import { AppError } from '../../domain/errors.js';
import type { Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { PLATFORM_NAMES, platformName, ZChatId, ZPlatform } from '../chat-params.js';
import { ZErrorBody } from '../views.js';

const ADMINS = { roles: ['ADMIN'] } as const;
const security = [{ bearer: [] }];
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody } as const;

const ZWorkspaceView = z.object({
  platform: z.enum(PLATFORM_NAMES),
  workspace_id: z.string(),
  agents_channel_id: z.string().nullable().describe("Null: the deployment's SLACK_AGENTS_CHANNEL / DISCORD_AGENTS_CHANNEL_ID"),
  admin_user_ids: z.array(z.string()),
  auto_resolve_mode: z.enum(AUTO_RESOLVE_MODES).nullable().describe('Null: AUTO_RESOLVE_MODE'),
  updated_at: z.string(),
});

const toView = (w: WorkspaceSettings): z.infer<typeof ZWorkspaceView> => ({
  platform: platformName(w.platform),
  workspace_id: w.workspaceId,
  agents_channel_id: w.agentsChannelId,
  admin_user_ids: w.adminUserIds,
  auto_resolve_mode: w.autoResolveMode,
  updated_at: w.updatedAt.toISOString(),
});

const ZParams = z.object({ platform: ZPlatform, workspace_id: ZChatId });

export function chatWorkspaceRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/chat-workspaces',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['chat'],
          summary: 'Workspaces and servers with settings of their own, and the Slack workspaces that installed the app',
          security,
          querystring: z.strictObject({ platform: ZPlatform.optional() }),
          response: {
            200: z.object({
              items: z.array(ZWorkspaceView),
              installations: z
                .array(z.object({ workspace_id: z.string(), name: z.string().nullable(), installed_at: z.string() }))
                .describe('Slack workspaces that installed the app through OAuth; tokens are never shown'),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const installed = deps.installations ? await deps.installations.list('SLACK') : [];
        return {
          items: (await deps.workspaces.list(request.query.platform)).map(toView),
          installations: installed.map((i) => ({ workspace_id: i.workspaceId, name: i.name, installed_at: i.createdAt.toISOString() })),
        };
      },
    );

    app.patch(
      '/admin/chat-workspaces/:platform/:workspace_id',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['chat'],
          summary: "Change a workspace's settings; a field left out keeps its value, null returns it to the default",
          security,
          params: ZParams,
          body: z
            .strictObject({
              agents_channel_id: ZChatId.nullable().optional(),
              admin_user_ids: z.array(ZChatId).max(100).optional(),
              auto_resolve_mode: z.enum(AUTO_RESOLVE_MODES).nullable().optional(),
            })
            .refine((b) => Object.keys(b).length > 0, 'give at least one setting'),
          response: { 200: ZWorkspaceView, ...errors },
        },
      },
      async (request) => {
        const { platform, workspace_id: workspaceId } = request.params;
        const body = request.body;
        const settings = await deps.workspaces.update(platform, workspaceId, {
          agentsChannelId: body.agents_channel_id,
          adminUserIds: body.admin_user_ids,
          autoResolveMode: body.auto_resolve_mode,
        });
        return toView(settings);
      },
    );

    app.delete(
      '/admin/chat-workspaces/:platform/:workspace_id',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['chat'],
          summary: "Forget a workspace's settings (its defaults apply again); its installation and tickets stay",
          security,
          params: ZParams,
          response: { 204: z.null(), ...errors, 404: ZErrorBody },
        },
      },
      async (request, reply) => {
        const { platform, workspace_id: workspaceId } = request.params;
        if (!(await deps.workspaces.remove(platform, workspaceId)))
          throw new AppError('not_found', { message: 'No settings for that workspace.' });
        return reply.code(204).send(null);
      },
    );
  };
}
