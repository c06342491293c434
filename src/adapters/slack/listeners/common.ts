import { isTicketOfWorkspace } from '../../../domain/chat-workspace.js';
import type { Ticket } from '../../../domain/ticket.js';
import type { ChatUser } from '../../../domain/user.js';
import type { SlackDeps } from '../slack-deps.js';

export const slackUser = (teamId: string, userId: string, displayName?: string | null): ChatUser => ({
  platform: 'SLACK',
  workspaceId: teamId,
  platformUserId: userId,
  displayName: displayName ?? null,
});

/**
 * Runs `handle` once per key (Slack redelivers events it thinks were lost). When handling fails
 * the key is released, so Slack's retry gets another chance and nothing is lost. When Redis cannot
 * answer, the event is handled anyway: the database's unique keys on a ticket's chat message and on
 * a follow-up's id still stop a redelivery from opening or adding anything twice.
 */
export async function once(deps: Pick<SlackDeps, 'deduper'>, key: string, handle: () => Promise<void>): Promise<boolean> {
  const claimed = await deps.deduper.claim(`slack:${key}`).catch(() => true);
  if (!claimed) return false;
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

/**
 * Whether agents in this workspace may act on the ticket. With one workspace (SLACK_BOT_TOKEN) it
 * takes every ticket; installed in many, each takes only its own.
 */
export const isTicketHere = (
  deps: Pick<SlackDeps, 'teams'>,
  ticket: Pick<Ticket, 'chatPlatform' | 'chatWorkspaceId'>,
  teamId: string,
): boolean => isTicketOfWorkspace(ticket, { platform: 'SLACK', workspaceId: teamId, isDefault: deps.teams.auth === 'token' });
