// A worker's knowledge passages: subscribed to change notices first, so nothing changed while the
// passages load is missed, then loaded in full; kept in step after that (catch-up-passages.ts).
import type { KnowledgeRepository } from '../domain/ports/knowledge.js';
import { subscribeToPassageChanges } from '../infra/queue/passage-changes.js';
import { createPassageCatchUp } from '../pipeline/knowledge/catch-up-passages.js';
import { createPassageLibrary, type LoadedPassageLibrary } from '../pipeline/knowledge/passage-library.js';
import { embedderFor } from './embedder.js';
import type { Services } from './services.js';

export interface RunningPassageLibrary {
  library: LoadedPassageLibrary;
  /** Ends the subscription; the library keeps what it has. */
  close(): Promise<void>;
}

export async function startPassageLibrary(
  services: Pick<Services, 'config' | 'log' | 'workerRedis' | 'breakers'>,
  knowledge: KnowledgeRepository,
): Promise<RunningPassageLibrary> {
  const log = services.log.child({ component: 'passage-library' });
  // With embeddings configured, searches rank by meaning too (the same breaker as the syncs').
  const library = createPassageLibrary({
    embedder: embedderFor(services),
    queryTimeoutMs: services.config.embeddings?.queryTimeoutMs,
    log,
  });
  const catchUp = createPassageCatchUp({ knowledge, library, log });
  const subscription = await subscribeToPassageChanges(services.workerRedis, services.config.redis.queuePrefix, {
    onChange: (source) => void catchUp.request(`source ${source} changed`),
    onReconnect: () => void catchUp.request('reconnected'),
  });
  try {
    await catchUp.load();
  } catch (err) {
    await subscription.close();
    throw err;
  }
  return { library, close: () => subscription.close() };
}
