// Setting someone's role, skills or capacity (PATCH /admin/users/:id and the console's Agents page):
// who can take which escalation changed, so the open escalations are offered again.
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import type { UserRepository } from '../../domain/ports/access.js';
import type { Role } from '../../domain/ticket.js';
import type { User } from '../../domain/user.js';
import type { OfferPlanner } from '../offers/offer-escalations.js';

/** A skill is a lower-case word: a-z first, then a-z, 0-9, _ or -, at most 40 characters. */
export const SKILL_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export interface AgentProfilePatch {
  role?: Role;
  skills?: string[];
  capacity?: number;
}

export async function updateAgentProfile(
  deps: { users: UserRepository; offers: OfferPlanner; log: Logger },
  userId: string,
  patch: AgentProfilePatch,
): Promise<User> {
  const user = await deps.users.updateProfile(userId, patch);
  if (!user) throw new AppError('not_found', { message: 'No such user.' });
  // Best effort, like every offer: the change itself is saved either way.
  deps.offers.replan().catch((err: unknown) => deps.log.error({ err }, 'could not update the offers to agents'));
  return user;
}
