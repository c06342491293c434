import type { ChatMessenger, Messengers } from '../../../domain/ports/chat.js';

/**
 * One messenger per platform, whatever the workspace: one Slack token and agents' channel, one
 * Discord bot and agents' channel, as configured in the environment.
 */
export function fixedMessengers(list: Iterable<ChatMessenger>): Messengers {
  const byPlatform = new Map([...list].map((m) => [m.platform, m]));
  return {
    forWorkspace: async (platform) => byPlatform.get(platform),
    platforms: [...byPlatform.keys()],
  };
}
