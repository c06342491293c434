// The app uninstalled from a workspace, or its bot token revoked: installed through OAuth, the
// workspace's installation (its sealed token) is deleted at once, and nothing more is posted there.
// Its tickets, settings and support channels stay, for a reinstall. With SLACK_BOT_TOKEN the token is
// the operator's: it is only logged, loudly.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { teamOf } from './common.js';

async function uninstalled(deps: SlackDeps, teamId: string, why: string): Promise<void> {
  if (deps.teams.auth === 'token') {
    deps.log.error({ team: teamId, why }, 'Slack says the app lost access to the workspace: SLACK_BOT_TOKEN no longer works there');
    return;
  }
  const removed = await deps.teams.uninstall(teamId);
  deps.log.info({ team: teamId, why, removed }, 'slack installation deleted');
}

export function registerAppLifecycle(app: App, deps: SlackDeps): void {
  app.event('app_uninstalled', async ({ body }) => uninstalled(deps, teamOf(body), 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    const bot = (event as { tokens?: { bot?: unknown } }).tokens?.bot;
    // Only the bot's token matters: users' tokens are not used.
    if (Array.isArray(bot) && bot.length > 0) await uninstalled(deps, teamOf(body), 'tokens_revoked');
  });
}
