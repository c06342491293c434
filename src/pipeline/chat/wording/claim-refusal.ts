import type { ChatPerson } from '../../../domain/ports/chat.js';
import { isAppError } from '../../../domain/errors.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { ChatPlatform } from '../../../domain/ticket.js';
import { describePerson } from './chat-person.js';
import { userMessage } from './user-message.js';

/** Why a claim lost, in words: who has the ticket, or what became of it. `label` formats a person for the platform. */
export async function claimRefusal(
  users: UserRepository,
  platform: ChatPlatform,
  label: (person: ChatPerson) => string,
  err: unknown,
  ticketNumber: number,
): Promise<string> {
  if (!isAppError(err)) return userMessage(err);
  const assigneeId = err.details?.assigneeId;
  if (err.code === 'conflict' && typeof assigneeId === 'string') {
    return `Ticket #${ticketNumber} is already claimed by ${label(await describePerson(users, assigneeId, platform))}.`;
  }
  if (err.code === 'illegal_transition' || err.code === 'conflict')
    return `Ticket #${ticketNumber} can no longer be claimed: it was already handled.`;
  return userMessage(err);
}
