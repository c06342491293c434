// Which tags a support forum's post carries: the tag of its ticket's status, when the forum has
// tags named for the statuses, in place of the other status tags; the post's other tags stay.
import type { TicketStatus } from '../../domain/ticket.js';

/** The forum's status tags, by the words a forum's moderators would name them with. */
type StatusTag = 'open' | 'answered' | 'agent' | 'resolved';

const TAG_OF_STATUS: Readonly<Record<TicketStatus, StatusTag>> = {
  OPEN: 'open',
  AUTO_RESOLVED: 'answered',
  ESCALATED: 'agent',
  IN_PROGRESS: 'agent',
  RESOLVED: 'resolved',
  CLOSED: 'resolved',
};

const NAMES: Readonly<Record<string, StatusTag>> = {
  open: 'open',
  answered: 'answered',
  'with an agent': 'agent',
  agent: 'agent',
  resolved: 'resolved',
};

/** The status a tag's name stands for (case and surrounding spaces do not matter), or null. */
export const statusTagOf = (name: string): StatusTag | null => NAMES[name.trim().toLowerCase().replace(/\s+/g, ' ')] ?? null;

/** Discord allows a post at most this many tags. */
const MAX_APPLIED_TAGS = 5;

export interface ForumTag {
  id: string;
  name: string;
}

/**
 * The tags the post should carry for `status`, or null when nothing changes: the forum has no tag
 * for that status (it is left alone), or the post carries exactly the right ones already. Other
 * status tags are taken off; the post's other tags are kept, in their order, with the status tag last.
 * A post whose own tags leave no room for the status tag is left alone too.
 */
export function tagsFor(status: TicketStatus, available: readonly ForumTag[], current: readonly string[]): string[] | null {
  const wanted = TAG_OF_STATUS[status];
  const target = available.find((tag) => statusTagOf(tag.name) === wanted);
  if (!target) return null;
  const statusTagIds = new Set(available.filter((tag) => statusTagOf(tag.name) !== null).map((tag) => tag.id));
  const next = [...current.filter((id) => !statusTagIds.has(id)), target.id];
  const unchanged = next.length === current.length && next.every((id) => current.includes(id));
  return unchanged || next.length > MAX_APPLIED_TAGS ? null : next;
}
