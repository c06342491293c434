// `/firstline channel on|off [external|everyone]`: an admin makes the channel they type in a support
// channel. The command itself is shared with Discord (pipeline/chat/channels/); Slack adds who is an
// admin, whether the channel is shared with other organisations, and joining it.
import type { App, webApi } from '@slack/bolt';
import type { ChannelAudience } from '../../../domain/support-channel.js';
import { parseChannelCommand, runChannelCommand } from '../../../pipeline/chat/channels/channel-command.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import type { SlackDeps } from '../slack-deps.js';
import { slackUser } from './common.js';

/**
 * A channel shared with other organisations (Slack Connect) has customers from outside; any other,
 * everyone. A private channel the bot is not in yet cannot be looked at: everyone, which the reply
 * states, and the admin can narrow with `on external`.
 */
async function defaultAudience(client: webApi.WebClient, channel: string): Promise<ChannelAudience> {
  const info = await client.conversations.info({ channel }).catch(() => undefined);
  return info?.channel?.is_ext_shared === true ? 'EXTERNAL' : 'EVERYONE';
}

/**
 * Slack only sends a channel's messages to a bot in it. A public channel the bot joins itself; a
 * private one it must be invited to. Returns what the admin still has to do, if anything.
 */
async function joinIfNeeded(client: webApi.WebClient, channel: string): Promise<string> {
  try {
    const info = await client.conversations.info({ channel });
    if (info.channel?.is_member === true) return '';
    await client.conversations.join({ channel });
    return '';
  } catch {
    return '\nI am not in this channel yet and cannot join it by myself: invite me with `/invite @Firstline`.';
  }
}

export function registerFirstlineCommand(app: App, deps: SlackDeps): void {
  app.command('/firstline', async ({ command, ack, respond, client }) => {
    // Slack's look-ups and the database may take a moment: ack first, answer through response_url.
    await ack();
    try {
      const parsed = parseChannelCommand(command.text);
      const changes = parsed.kind === 'on' || parsed.kind === 'off';
      const user = await deps.users.findOrCreateChatUser(slackUser(command.team_id, command.user_id, command.user_name));
      const isAdmin = changes && (user.role === 'ADMIN' || (await deps.people.isAdmin(command.team_id, command.user_id)));
      const context = {
        platform: 'SLACK' as const,
        workspaceId: command.team_id,
        channelId: command.channel_id,
        userId: user.id,
        isAdmin,
        defaultAudience: () => defaultAudience(client, command.channel_id),
      };
      const text = await runChannelCommand(deps, context, parsed);
      const todo = parsed.kind === 'on' && isAdmin ? await joinIfNeeded(client, command.channel_id) : '';
      await respond({ response_type: 'ephemeral', text: text + todo });
    } catch (err) {
      deps.log.error({ err, channel: command.channel_id }, '/firstline failed');
      await respond({ response_type: 'ephemeral', text: userMessage(err) });
    }
  });
}
