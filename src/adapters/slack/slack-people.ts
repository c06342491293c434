// Who may do what in a Slack workspace: members of its agents' channel act as agents; Firstline's
// admin ids (SLACK_ADMIN_USER_IDS, and the workspace's own admin list) and the workspace's admins
// run /metrics and change its settings. Membership is cached briefly: a click must answer in 3 s.
import type { WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';
import type { SlackTeams } from './slack-teams.js';

const MEMBERS_TTL_MS = 60_000;

export interface SlackPeople {
  /** The workspace's agents' channel, if it has one. */
  agentsChannel(teamId: string): Promise<string | undefined>;
  isAgent(teamId: string, userId: string): Promise<boolean>;
  isAdmin(teamId: string, userId: string): Promise<boolean>;
}

export function createSlackPeople(
  teams: SlackTeams,
  workspaces: WorkspaceSettingsRepository,
  options: { adminUserIds: readonly string[] },
): SlackPeople {
  const members = new Map<string, { ids: Set<string>; at: number }>();
  const loading = new Map<string, Promise<Set<string>>>();

  const loadMembers = async (teamId: string, channel: string): Promise<Set<string>> => {
    const client = await teams.clientFor(teamId);
    const ids = new Set<string>();
    if (client) {
      for await (const page of client.paginate('conversations.members', { channel, limit: 1000 })) {
        for (const id of (page as { members?: string[] }).members ?? []) ids.add(id);
      }
    }
    members.set(channel, { ids, at: Date.now() });
    return ids;
  };

  return {
    agentsChannel: (teamId) => teams.agentsChannelFor(teamId),
    async isAgent(teamId, userId) {
      const channel = await teams.agentsChannelFor(teamId);
      if (!channel) return false;
      const cached = members.get(channel);
      if (cached && Date.now() - cached.at < MEMBERS_TTL_MS && cached.ids.has(userId)) return true;
      // A miss is checked against a fresh list: someone just added to the channel may act at once.
      let pending = loading.get(channel);
      if (!pending) {
        pending = loadMembers(teamId, channel).finally(() => loading.delete(channel));
        loading.set(channel, pending);
      }
      return (await pending).has(userId);
    },
    async isAdmin(teamId, userId) {
      if (options.adminUserIds.includes(userId)) return true;
      const settings = await workspaces.find('SLACK', teamId);
      if (settings?.adminUserIds.includes(userId)) return true;
      const client = await teams.clientFor(teamId);
      if (!client) return false;
      const info = await client.users.info({ user: userId });
      return info.user?.is_admin === true || info.user?.is_owner === true;
    },
  };
}
