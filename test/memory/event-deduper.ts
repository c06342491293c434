// EventDeduper in memory: a key is claimed once until released (the Redis one also forgets it
// after its TTL, which no spec here lives long enough to see).
import type { EventDeduper } from '../../src/domain/ports/chat.js';

export function createMemoryEventDeduper(): EventDeduper {
  const seen = new Set<string>();
  return {
    async claim(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
    async release(key) {
      seen.delete(key);
    },
  };
}
