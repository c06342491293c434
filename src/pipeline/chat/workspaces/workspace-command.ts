// `/firstline agents-channel`, `/firstline mode live|shadow` and `/firstline settings`: a workspace's
// admins set where its escalations go and whether automatic answers are sent, in chat. The same on
// every platform; the adapter says where it was typed and whether the person is an admin there.
import type { WorkspaceSettingsRepository } from '../../../domain/ports/workspaces.js';
import type { WorkspaceAutoResolveMode, WorkspaceSettings } from '../../../domain/chat-workspace.js';
import type { ChatPlatform } from '../../../domain/ticket.js';

export type WorkspaceCommand = { kind: 'agents_channel' } | { kind: 'mode'; mode: WorkspaceAutoResolveMode | null } | { kind: 'settings' };

const MODES: Readonly<Record<string, WorkspaceAutoResolveMode | null>> = { live: 'LIVE', shadow: 'SHADOW', default: null };

export const WORKSPACE_COMMAND_USAGE = [
  '`/firstline agents-channel` — in the channel where your agents work: escalations are posted here, and its members act as agents',
  '`/firstline mode live|shadow|default` — send automatic answers, or only suggest them to agents (default: the deployment’s setting)',
  '`/firstline settings` — how this workspace is set',
].join('\n');

/** What the words after `/firstline` ask of the workspace, or null when they are about something else. */
export function parseWorkspaceCommand(text: string): WorkspaceCommand | null {
  const [topic, value, ...rest] = text.trim().toLowerCase().split(/\s+/);
  if (rest.length > 0) return null;
  if (topic === 'agents-channel' && value === undefined) return { kind: 'agents_channel' };
  if (topic === 'settings' && value === undefined) return { kind: 'settings' };
  if (topic === 'mode' && value !== undefined && value in MODES) return { kind: 'mode', mode: MODES[value]! };
  return null;
}

export interface WorkspaceCommandContext {
  platform: ChatPlatform;
  workspaceId: string;
  channelId: string;
  isAdmin: boolean;
  /** The deployment's own defaults, to say what an unset setting means. */
  defaults: { agentsChannelId: string | undefined; autoResolveMode: 'live' | 'shadow' };
}

function describe(
  settings: WorkspaceSettings | null,
  defaults: WorkspaceCommandContext['defaults'],
  mention: (channelId: string) => string,
): string {
  const channel = settings?.agentsChannelId ?? defaults.agentsChannelId;
  const mode = settings?.autoResolveMode ?? defaults.autoResolveMode.toUpperCase();
  return [
    `Agents' channel: ${channel ? mention(channel) : 'none yet — run `/firstline agents-channel` in it'}`,
    `Automatic answers: ${mode === 'SHADOW' ? 'suggested to agents only (shadow)' : 'sent (live)'}${settings?.autoResolveMode ? '' : ' (the default)'}`,
  ].join('\n');
}

export async function runWorkspaceCommand(
  deps: { workspaces: WorkspaceSettingsRepository },
  context: WorkspaceCommandContext,
  command: WorkspaceCommand,
  mention: (channelId: string) => string,
): Promise<string> {
  const { platform, workspaceId } = context;
  if (command.kind === 'settings') return describe(await deps.workspaces.find(platform, workspaceId), context.defaults, mention);
  if (!context.isAdmin) return 'Only admins can change how Firstline works here.';
  if (command.kind === 'agents_channel') {
    await deps.workspaces.update(platform, workspaceId, { agentsChannelId: context.channelId });
    return `Escalations are posted in ${mention(context.channelId)} from now on, and its members act as agents.`;
  }
  const settings = await deps.workspaces.update(platform, workspaceId, { autoResolveMode: command.mode });
  return describe(settings, context.defaults, mention);
}
