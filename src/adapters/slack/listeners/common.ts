import type { ChatUser } from '../../../domain/ports.js';
import type { SlackDeps } from '../slack-deps.js';

export const slackUser = (teamId: string, userId: string, displayName?: string | null): ChatUser => ({
  platform: 'SLACK',
  workspaceId: teamId,
  platformUserId: userId,
  displayName: displayName ?? null,
});


/**
 * Runs `handle` once per key (Slack redelivers events it thinks were lost). When handling fails
 * the key is released, so Slack's retry gets another chance and nothing is lost.
 */
export async function once(deps: Pick<SlackDeps, 'deduper'>, key: string, handle: () => Promise<void>): Promise<boolean> {
  if (!(await deps.deduper.claim(`slack:${key}`))) return false;
  try {
    await handle();
    return true;
  } catch (err) {
    await deps.deduper.release(`slack:${key}`).catch(() => undefined);
    throw err;
  }
}

/** Slack's team id for an event body, whichever kind it is. */
export function teamOf(body: { team_id?: string; team?: { id?: string } | null; user?: { team_id?: string } }): string {
  return body.team_id ?? body.team?.id ?? body.user?.team_id ?? '';
}
