// One messenger per platform, whatever the workspace: what a spec needs to deliver through a
// recording messenger (src/pipeline/chat/delivery/messengers.ts builds the real ones per workspace).
import type { ChatMessenger, Messengers } from '../../src/domain/ports/chat.js';
import type { ChatPlatform } from '../../src/domain/ticket.js';
import { messengersByPlatform, type MessengerFor } from '../../src/pipeline/chat/delivery/messengers.js';

export function fixedMessengers(list: Iterable<ChatMessenger>): Messengers {
  return messengersByPlatform(new Map([...list].map((m): [ChatPlatform, MessengerFor] => [m.platform, async () => m])));
}
