// Who may do what in Slack: members of the agents' channel act as agents; SLACK_ADMIN_USER_IDS
// and workspace admins see metrics. Membership is cached briefly: a click must answer in 3 s.
import type { webApi } from '@slack/bolt';

const MEMBERS_TTL_MS = 60_000;

export interface SlackPeople {
  isAgent(userId: string): Promise<boolean>;
  isAdmin(userId: string): Promise<boolean>;
}

export function createSlackPeople(
  client: webApi.WebClient,
  options: { agentsChannel: string | undefined; adminUserIds: readonly string[] },
): SlackPeople {
  let members: { ids: Set<string>; at: number } | undefined;
  let loading: Promise<Set<string>> | undefined;

  const loadMembers = async (channel: string): Promise<Set<string>> => {
    const ids = new Set<string>();
    for await (const page of client.paginate('conversations.members', { channel, limit: 1000 })) {
      for (const id of (page as { members?: string[] }).members ?? []) ids.add(id);
    }
    members = { ids, at: Date.now() };
    return ids;
  };

  return {
    async isAgent(userId) {
      const channel = options.agentsChannel;
      if (!channel) return false;
      if (members && Date.now() - members.at < MEMBERS_TTL_MS && members.ids.has(userId)) return true;
      // A miss is checked against a fresh list: someone just added to the channel may act at once.
      loading ??= loadMembers(channel).finally(() => {
        loading = undefined;
      });
      return (await loading).has(userId);
    },
    async isAdmin(userId) {
      if (options.adminUserIds.includes(userId)) return true;
      const info = await client.users.info({ user: userId });
      return info.user?.is_admin === true || info.user?.is_owner === true;
    },
  };
}
