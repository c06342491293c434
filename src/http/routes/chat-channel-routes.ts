// Support channels over the API (admins): the same switch as `/firstline channel on|off` in chat.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { CHANNEL_AUDIENCES, type SupportChannel } from '../../domain/support-channel.js';
import { actorOf, type Guard } from '../authenticate.js';
import type { HttpDeps } from '../deps.js';
import { PLATFORM_NAMES, platformName, ZChatId, ZPlatform } from '../chat-params.js';
import { ZErrorBody } from '../views.js';

const ADMINS = { roles: ['ADMIN'] } as const;
const security = [{ bearer: [] }];
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody } as const;

const ZChannelView = z.object({
  platform: z.enum(PLATFORM_NAMES),
  workspace_id: z.string().describe('Slack team id or Discord server id'),
  channel_id: z.string(),
  audience: z
    .enum(CHANNEL_AUDIENCES)
    .describe('EXTERNAL: only people from other organisations are customers (Slack Connect); EVERYONE: all but agents'),
  created_at: z.string(),
  updated_at: z.string(),
});

const toView = (c: SupportChannel): z.infer<typeof ZChannelView> => ({
  platform: platformName(c.platform),
  workspace_id: c.workspaceId,
  channel_id: c.channelId,
  audience: c.audience,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

const ZChannelParams = z.object({ platform: ZPlatform, channel_id: ZChatId });

export function chatChannelRoutes(deps: HttpDeps, guard: Guard): FastifyPluginAsyncZod {
  const channels = deps.supportChannels;
  return async (app) => {
    app.get(
      '/admin/chat-channels',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['chat'],
          summary: "Support channels: chat channels where customers' own messages become tickets",
          security,
          querystring: z.strictObject({ platform: ZPlatform.optional(), workspace_id: ZChatId.optional() }),
          response: { 200: z.object({ items: z.array(ZChannelView) }), ...errors },
        },
      },
      async (request) => {
        const { platform, workspace_id: workspaceId } = request.query;
        return { items: (await channels.list({ platform, workspaceId })).map(toView) };
      },
    );

    app.put(
      '/admin/chat-channels/:platform/:channel_id',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['chat'],
          summary: 'Make a channel a support channel, or change its audience',
          security,
          params: ZChannelParams,
          body: z.strictObject({ workspace_id: ZChatId, audience: z.enum(CHANNEL_AUDIENCES) }),
          response: { 200: ZChannelView, ...errors },
        },
      },
      async (request) => {
        const { platform, channel_id: channelId } = request.params;
        const actor = actorOf(request);
        const channel = await channels.save({
          platform,
          channelId,
          workspaceId: request.body.workspace_id,
          audience: request.body.audience,
          enabledById: actor.kind === 'user' ? actor.userId : null,
        });
        return toView(channel);
      },
    );

    app.delete(
      '/admin/chat-channels/:platform/:channel_id',
      {
        onRequest: guard(ADMINS),
        schema: {
          tags: ['chat'],
          summary: 'Make it an ordinary channel again; open tickets keep their threads',
          security,
          params: ZChannelParams,
          response: { 204: z.null(), ...errors, 404: ZErrorBody },
        },
      },
      async (request, reply) => {
        const { platform, channel_id: channelId } = request.params;
        if (!(await channels.remove(platform, channelId))) throw new AppError('not_found', { message: 'No such support channel.' });
        return reply.code(204).send(null);
      },
    );
  };
}
