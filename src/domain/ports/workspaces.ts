// Storage of the workspaces and servers Firstline serves: their settings and installations.
import type { ChatInstallation, WorkspaceSettings, WorkspaceSettingsPatch } from '../chat-workspace.js';
import type { ChatPlatform } from '../ticket.js';

export interface WorkspaceSettingsRepository {
  find(platform: ChatPlatform, workspaceId: string): Promise<WorkspaceSettings | null>;
  list(platform?: ChatPlatform): Promise<WorkspaceSettings[]>;
  /** Changes what the patch sets (creating the settings on first change) and returns them. */
  update(platform: ChatPlatform, workspaceId: string, patch: WorkspaceSettingsPatch): Promise<WorkspaceSettings>;
  /** Forgets them (the app was uninstalled, the bot left the server); false when there were none. */
  remove(platform: ChatPlatform, workspaceId: string): Promise<boolean>;
}

/**
 * Installations through OAuth. The secret is given and returned in plain text; at rest it is
 * encrypted with a key from the environment, and it never appears in a log or an API answer.
 */
export interface InstallationRepository {
  /** Stores it, replacing an earlier installation of the same workspace (a reinstall with new scopes). */
  save(installation: Omit<ChatInstallation, 'createdAt' | 'updatedAt'>): Promise<void>;
  find(platform: ChatPlatform, workspaceId: string): Promise<ChatInstallation | null>;
  list(platform: ChatPlatform): Promise<Omit<ChatInstallation, 'secret'>[]>;
  remove(platform: ChatPlatform, workspaceId: string): Promise<boolean>;
}
