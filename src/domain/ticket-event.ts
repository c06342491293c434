// What happened to a ticket, in order: its audit trail. Every change of state or ownership is an event.
import type { Actor, TicketStatus } from './ticket.js';

export interface TicketEventInput {
  type: string;
  actor: Actor;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  data?: Record<string, unknown>;
}

export interface TicketEvent {
  id: string;
  type: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  actorType: 'SYSTEM' | 'USER' | 'API_KEY';
  actorId: string | null;
  data: unknown;
  createdAt: Date;
}
