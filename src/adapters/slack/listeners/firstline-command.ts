// `/firstline …`: a workspace's admins set Firstline up in Slack. `channel on|off [external|everyone]`
// makes the channel a support channel; `agents-channel`, `mode` and `settings` are the workspace's
// settings. The commands themselves are shared with Discord (pipeline/chat/channels/, workspaces/);
// Slack adds who is an admin, whether a channel is shared with other organisations, and joining it.
import type { App, webApi } from '@slack/bolt';
import type { ChannelAudience } from '../../../domain/support-channel.js';
import { CHANNEL_COMMAND_USAGE, parseChannelCommand, runChannelCommand } from '../../../pipeline/chat/channels/channel-command.js';
import {
  parseWorkspaceCommand,
  runWorkspaceCommand,
  WORKSPACE_COMMAND_USAGE,
} from '../../../pipeline/chat/workspaces/workspace-command.js';
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

const mention = { channel: (channelId: string) => `<#${channelId}>`, person: (userId: string) => `<@${userId}>` };

interface Typed {
  text: string;
  team_id: string;
  user_id: string;
  user_name: string;
  channel_id: string;
}

async function answer(deps: SlackDeps, command: Typed, client: webApi.WebClient): Promise<string> {
  const team = command.team_id;
  const user = await deps.users.findOrCreateChatUser(slackUser(team, command.user_id, command.user_name));
  const isAdmin = async () => user.role === 'ADMIN' || (await deps.people.isAdmin(team, command.user_id));
  const workspaceCommand = parseWorkspaceCommand(command.text);
  if (workspaceCommand) {
    const context = {
      platform: 'SLACK' as const,
      workspaceId: team,
      channelId: command.channel_id,
      isAdmin: workspaceCommand.kind !== 'settings' && (await isAdmin()),
      defaults: {
        agentsChannelId: deps.teams.auth === 'token' ? deps.defaultAgentsChannel : undefined,
        autoResolveMode: deps.autoResolveMode,
      },
    };
    const text = await runWorkspaceCommand(deps, context, workspaceCommand, mention);
    // This process sees the change at once; others within the settings' cache time.
    if (context.isAdmin) deps.teams.forget(team);
    return workspaceCommand.kind === 'agents_channel' && context.isAdmin ? text + (await joinIfNeeded(client, command.channel_id)) : text;
  }
  const parsed = parseChannelCommand(command.text);
  if (parsed.kind === 'help') return `${CHANNEL_COMMAND_USAGE}\n${WORKSPACE_COMMAND_USAGE}`;
  const changes = parsed.kind === 'on' || parsed.kind === 'off';
  const context = {
    platform: 'SLACK' as const,
    workspaceId: team,
    channelId: command.channel_id,
    userId: user.id,
    isAdmin: changes && (await isAdmin()),
    defaultAudience: () => defaultAudience(client, command.channel_id),
  };
  const text = await runChannelCommand(deps, context, parsed);
  return parsed.kind === 'on' && context.isAdmin ? text + (await joinIfNeeded(client, command.channel_id)) : text;
}

export function registerFirstlineCommand(app: App, deps: SlackDeps): void {
  app.command('/firstline', async ({ command, ack, respond, client }) => {
    // Slack's look-ups and the database may take a moment: ack first, answer through response_url.
    await ack();
    try {
      await respond({ response_type: 'ephemeral', text: await answer(deps, command, client) });
    } catch (err) {
      deps.log.error({ err, channel: command.channel_id }, '/firstline failed');
      await respond({ response_type: 'ephemeral', text: userMessage(err) });
    }
  });
}
