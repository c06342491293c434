import { describe, expect, it } from 'vitest';
import { ESCALATION_REASONS } from '../../src/domain/decide.js';
import {
  CHAT_PLATFORMS,
  PRIORITIES,
  RESPONSE_SOURCES,
  ROLES,
  TICKET_SOURCES,
  TICKET_STATUSES,
  URGENCIES,
} from '../../src/domain/ticket.js';
import { CHANNEL_AUDIENCES } from '../../src/domain/support-channel.js';
import { AUTO_RESOLVE_MODES } from '../../src/domain/chat-workspace.js';
import * as db from '../../src/generated/prisma/enums.js';

// The domain's closed lists are plain unions so it depends on nothing; the database enforces the
// same lists as enums. A value added on one side only would be refused by the other at run time.
describe('the domain lists and the database enums', () => {
  const pairs: [string, readonly string[], Record<string, string>][] = [
    ['TicketStatus', TICKET_STATUSES, db.TicketStatus],
    ['TicketSource', TICKET_SOURCES, db.TicketSource],
    ['Priority', PRIORITIES, db.Priority],
    ['Urgency', URGENCIES, db.Urgency],
    ['ResponseSource', RESPONSE_SOURCES, db.ResponseSource],
    ['ChatPlatform', CHAT_PLATFORMS, db.ChatPlatform],
    ['Role', ROLES, db.Role],
    ['EscalationReason', ESCALATION_REASONS, db.EscalationReason],
    ['ChannelAudience', CHANNEL_AUDIENCES, db.ChannelAudience],
    ['AutoResolveMode', AUTO_RESOLVE_MODES, db.AutoResolveMode],
  ];

  it.each(pairs)('%s holds the same values on both sides', (_name, domain, database) => {
    expect([...domain].sort()).toEqual(Object.values(database).sort());
  });
});
