// `/firstline agents-channel`, `/firstline mode live|shadow`, `/firstline admins add|remove` and
// `/firstline settings`: a workspace's admins set where its escalations go, whether automatic answers
// are sent and who else may change that, in chat. The same on
// every platform; the adapter says where it was typed and whether the person is an admin there.
import type { WorkspaceSettingsRepository } from '../../../domain/ports/workspaces.js';
import type { WorkspaceAutoResolveMode, WorkspaceSettings } from '../../../domain/chat-workspace.js';
import type { ChatPlatform } from '../../../domain/ticket.js';

export type WorkspaceCommand =
  | { kind: 'agents_channel' }
  | { kind: 'mode'; mode: WorkspaceAutoResolveMode | null }
  | { kind: 'admins'; change: 'add' | 'remove'; userIds: string[] }
  | { kind: 'settings' };

const MODES: Readonly<Record<string, WorkspaceAutoResolveMode | null>> = { live: 'LIVE', shadow: 'SHADOW', default: null };

export const WORKSPACE_COMMAND_USAGE = [
  '`/firstline agents-channel` — in the channel where your agents work: escalations are posted here, and its members act as agents',
  '`/firstline mode live|shadow|default` — send automatic answers, or only suggest them to agents (default: the deployment’s setting)',
  '`/firstline admins add|remove @someone …` — who else may change these settings (besides the workspace’s own admins)',
  '`/firstline settings` — how this workspace is set',
].join('\n');

/** A person as the platform writes a mention in a command's text: Slack `<@U123|name>`, Discord `<@123>`. */
const MENTION = /^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/;

function parseAdmins(words: readonly string[]): WorkspaceCommand | null {
  const [change, ...people] = words;
  if ((change !== 'add' && change !== 'remove') || people.length === 0) return null;
  const userIds: string[] = [];
  for (const word of people) {
    const id = MENTION.exec(word)?.[1];
    if (id === undefined) return null;
    userIds.push(id);
  }
  return { kind: 'admins', change, userIds };
}

/** What the words after `/firstline` ask of the workspace, or null when they are about something else. */
export function parseWorkspaceCommand(text: string): WorkspaceCommand | null {
  const words = text.trim().split(/\s+/);
  if (words[0]?.toLowerCase() === 'admins') return parseAdmins([words[1]?.toLowerCase() ?? '', ...words.slice(2)]);
  const [topic, value, ...rest] = words.map((w) => w.toLowerCase());
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

/** How the platform writes a mention of a channel or of a person. */
export interface Mentions {
  channel(channelId: string): string;
  person(userId: string): string;
}

function describe(settings: WorkspaceSettings | null, defaults: WorkspaceCommandContext['defaults'], mention: Mentions): string {
  const channel = settings?.agentsChannelId ?? defaults.agentsChannelId;
  const mode = settings?.autoResolveMode ?? defaults.autoResolveMode.toUpperCase();
  const admins = settings?.adminUserIds ?? [];
  return [
    `Agents' channel: ${channel ? mention.channel(channel) : 'none yet — run `/firstline agents-channel` in it'}`,
    `Automatic answers: ${mode === 'SHADOW' ? 'suggested to agents only (shadow)' : 'sent (live)'}${settings?.autoResolveMode ? '' : ' (the default)'}`,
    `Admins besides the workspace's own: ${admins.length > 0 ? admins.map((id) => mention.person(id)).join(', ') : 'none'}`,
  ].join('\n');
}

/** The admin list after the change, each person once, in the order they were added. */
function changedAdmins(current: readonly string[], command: Extract<WorkspaceCommand, { kind: 'admins' }>): string[] {
  if (command.change === 'remove') return current.filter((id) => !command.userIds.includes(id));
  return [...new Set([...current, ...command.userIds])];
}

export async function runWorkspaceCommand(
  deps: { workspaces: WorkspaceSettingsRepository },
  context: WorkspaceCommandContext,
  command: WorkspaceCommand,
  mention: Mentions,
): Promise<string> {
  const { platform, workspaceId } = context;
  if (command.kind === 'settings') return describe(await deps.workspaces.find(platform, workspaceId), context.defaults, mention);
  if (!context.isAdmin) return 'Only admins can change how Firstline works here.';
  if (command.kind === 'agents_channel') {
    await deps.workspaces.update(platform, workspaceId, { agentsChannelId: context.channelId });
    return `Escalations are posted in ${mention.channel(context.channelId)} from now on, and its members act as agents.`;
  }
  if (command.kind === 'admins') {
    const current = (await deps.workspaces.find(platform, workspaceId))?.adminUserIds ?? [];
    const settings = await deps.workspaces.update(platform, workspaceId, { adminUserIds: changedAdmins(current, command) });
    return describe(settings, context.defaults, mention);
  }
  const settings = await deps.workspaces.update(platform, workspaceId, { autoResolveMode: command.mode });
  return describe(settings, context.defaults, mention);
}
