import type { EventDeduper } from '../../domain/ports/chat.js';
import type { WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';
import type { ChatDeps } from '../../pipeline/chat/chat-deps.js';
import type { SlackPeople } from './slack-people.js';
import type { SlackTeams } from './slack-teams.js';

/** What the Slack listeners use: the shared chat ports, plus Slack's redelivery guard, permissions and workspaces. */
export interface SlackDeps extends ChatDeps {
  deduper: EventDeduper;
  people: SlackPeople;
  teams: SlackTeams;
  workspaces: WorkspaceSettingsRepository;
  /** SLACK_AGENTS_CHANNEL, shown as the default where a workspace set none (one-workspace setups). */
  defaultAgentsChannel: string | undefined;
  /** AUTO_RESOLVE_MODE, shown as the default where a workspace set none. */
  autoResolveMode: 'live' | 'shadow';
}
