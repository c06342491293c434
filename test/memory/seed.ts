// Puts people and tickets in place for a spec, through the ports (so the audit trail is what the
// real lifecycle leaves): `aTicket(deps, 'IN_PROGRESS', { assigneeId })` walks OPEN → ESCALATED → IN_PROGRESS.
import type { UserRepository } from '../../src/domain/ports/access.js';
import type { NewTicket, TicketPatch, TicketRepository } from '../../src/domain/ports/tickets.js';
import type { Actor, Role, Ticket, TicketStatus } from '../../src/domain/ticket.js';
import type { User } from '../../src/domain/user.js';

let people = 0;

export const actorOf = (user: Pick<User, 'id' | 'role'>): Extract<Actor, { kind: 'user' }> => ({
  kind: 'user',
  userId: user.id,
  role: user.role,
});

async function person(users: UserRepository, role: Role, name: string): Promise<User> {
  people += 1;
  return users.create({
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${people}@example.com`,
    passwordHash: null,
    role,
    displayName: name,
  });
}

export const aCustomer = (deps: { users: UserRepository }, name = 'Casey Customer') => person(deps.users, 'USER', name);
export const anAgent = (deps: { users: UserRepository }, name = 'Alex Agent', role: Role = 'AGENT') => person(deps.users, role, name);

/** The statuses walked through to reach each one. */
const PATH: Record<TicketStatus, TicketStatus[]> = {
  OPEN: [],
  AUTO_RESOLVED: ['AUTO_RESOLVED'],
  ESCALATED: ['ESCALATED'],
  IN_PROGRESS: ['ESCALATED', 'IN_PROGRESS'],
  RESOLVED: ['ESCALATED', 'IN_PROGRESS', 'RESOLVED'],
  CLOSED: ['AUTO_RESOLVED', 'CLOSED'],
};

/** The event each step leaves, as the pipeline and agents would. */
const EVENT = { AUTO_RESOLVED: 'triaged', ESCALATED: 'triaged', IN_PROGRESS: 'claimed', RESOLVED: 'resolved', CLOSED: 'closed' } as const;

/** What each step sets when the spec does not say. */
const STEP: Partial<Record<TicketStatus, TicketPatch>> = {
  AUTO_RESOLVED: { response: 'Here is how to fix it.', responseSource: 'TEMPLATE', intent: 'billing', confidence: 0.95 },
  ESCALATED: { escalationReason: 'low_confidence', intent: 'billing', confidence: 0.4 },
  RESOLVED: { response: 'An agent fixed it.', responseSource: 'AGENT' },
};

/**
 * A ticket in `status`, opened by `requesterId` (a new customer when absent), with `patch` applied
 * on the last step. IN_PROGRESS and RESOLVED need an `assigneeId`.
 */
export async function aTicket(
  deps: { tickets: TicketRepository; users: UserRepository },
  status: TicketStatus,
  options: { patch?: TicketPatch; requesterId?: string; message?: string; input?: Partial<NewTicket> } = {},
): Promise<Ticket> {
  const requesterId = options.requesterId ?? (await aCustomer(deps)).id;
  let ticket = await deps.tickets.create(
    { source: 'API', requesterId, message: options.message ?? 'My invoice is wrong', ...options.input },
    { type: 'created', actor: { kind: 'user', userId: requesterId, role: 'USER' } },
  );
  const steps = PATH[status];
  for (const [i, to] of steps.entries()) {
    const patch = { ...STEP[to], ...(i === steps.length - 1 ? options.patch : {}) };
    const next = await deps.tickets.transition(ticket.id, ticket.status, to, patch, {
      type: EVENT[to as keyof typeof EVENT],
      actor: { kind: 'system' },
    });
    if (!next) throw new Error(`could not move the seeded ticket to ${to}`);
    ticket = next;
  }
  return ticket;
}
