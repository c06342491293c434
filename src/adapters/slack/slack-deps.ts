import type { EventDeduper } from '../../domain/ports/chat.js';
import type { ChatDeps } from '../../pipeline/chat/chat-deps.js';
import type { SlackPeople } from './slack-people.js';
import type { SlackTeams } from './slack-teams.js';

/** What the Slack listeners use: the shared chat ports, plus Slack's redelivery guard, permissions and workspaces. */
export interface SlackDeps extends ChatDeps {
  deduper: EventDeduper;
  people: SlackPeople;
  teams: SlackTeams;
}
