// A Slack workspace or Discord server Firstline serves: its settings, changed by its own admins, and
// (for a Slack app installed through OAuth) its installation.
import type { ChatPlatform, Ticket } from './ticket.js';

export const AUTO_RESOLVE_MODES = ['LIVE', 'SHADOW'] as const;
/** LIVE: automatic answers are sent. SHADOW: they go to agents as suggestions only. */
export type WorkspaceAutoResolveMode = (typeof AUTO_RESOLVE_MODES)[number];

export interface WorkspaceSettings {
  platform: ChatPlatform;
  workspaceId: string;
  /** Where its escalations are posted; null: the deployment's default agents' channel. */
  agentsChannelId: string | null;
  /** Chat user ids who may change its settings and see its metrics, besides the platform's own admins. */
  adminUserIds: string[];
  /** Null: the deployment's AUTO_RESOLVE_MODE. */
  autoResolveMode: WorkspaceAutoResolveMode | null;
  createdAt: Date;
  updatedAt: Date;
}

export type WorkspaceSettingsPatch = Partial<Pick<WorkspaceSettings, 'agentsChannelId' | 'adminUserIds' | 'autoResolveMode'>>;

/** A workspace the app was installed in through OAuth. `secret`: the platform's installation record (tokens), as JSON. */
export interface ChatInstallation {
  platform: ChatPlatform;
  workspaceId: string;
  name: string | null;
  botUserId: string | null;
  installedById: string | null;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A workspace as agents work in it; `isDefault`: the platform's only one, or the one that takes tickets from elsewhere. */
export interface AgentsWorkspace {
  platform: ChatPlatform;
  workspaceId: string;
  isDefault: boolean;
}

/**
 * Whether agents of a workspace may see and act on a ticket: its own tickets always; tickets from
 * elsewhere (the API, another platform) only in the platform's default workspace; another
 * workspace's tickets never, so one customer company's conversations never reach another's agents.
 */
export function isTicketOfWorkspace(ticket: Pick<Ticket, 'chatPlatform' | 'chatWorkspaceId'>, where: AgentsWorkspace): boolean {
  if (ticket.chatPlatform === where.platform)
    return ticket.chatWorkspaceId === where.workspaceId || (where.isDefault && ticket.chatWorkspaceId === null);
  return where.isDefault;
}
