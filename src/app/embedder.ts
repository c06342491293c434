// The one embeddings client of a process, when EMBEDDINGS_BASE_URL is set. One per breaker board:
// `firstline start` runs the API (which syncs sources) and the worker (which searches) side by side
// on the same services, and both must share the `embeddings` breaker the board allows once.
import type { Config } from '../config/config.js';
import type { PassageEmbedder } from '../domain/ports/knowledge.js';
import { createEmbeddingsClient } from '../infra/knowledge/embeddings-client.js';
import type { BreakerBoard } from '../infra/resilience/outbound-policy.js';
import { embeddingsPolicy } from './outbound-policies.js';
import type { Services } from './services.js';

const embedders = new WeakMap<BreakerBoard, PassageEmbedder>();

export function embedderFor(services: Pick<Services, 'config' | 'log' | 'breakers'>): PassageEmbedder | undefined {
  const { config, breakers } = services;
  const embeddings: Config['embeddings'] = config.embeddings;
  if (!embeddings) return undefined;
  let embedder = embedders.get(breakers);
  if (!embedder) {
    embedder = createEmbeddingsClient({
      baseURL: embeddings.baseUrl,
      apiKey: embeddings.apiKey,
      model: embeddings.model,
      policy: embeddingsPolicy(breakers, config, embeddings),
      log: services.log,
    });
    embedders.set(breakers, embedder);
  }
  return embedder;
}
