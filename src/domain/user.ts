// People: customers, agents and admins, with their chat identities.
import type { Role } from './ticket.js';
import type { ChatPlatform } from './ticket.js';

export interface User {
  id: string;
  email: string | null;
  role: Role;
  displayName: string | null;
  skills: string[];
  capacity: number;
  createdAt: Date;
}

export interface UserWithSecret extends User {
  passwordHash: string | null;
}

export interface ChatUser {
  platform: ChatPlatform;
  workspaceId: string;
  platformUserId: string;
  displayName?: string | null;
}
