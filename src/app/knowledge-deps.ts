// What adding and syncing knowledge sources needs, built from the shared services.
import { parseDocument } from '../documents/parse-document.js';
import type { PassageChangeNotifier } from '../domain/ports/knowledge.js';
import { createKnowledgeRepository } from '../infra/db/knowledge-repository.js';
import { createDocumentReader } from '../infra/knowledge/document-reader.js';
import { createOneShotPassageChangeNotifier, createPassageChangeNotifier } from '../infra/queue/passage-changes.js';
import { createBreakerBoard } from '../infra/resilience/outbound-policy.js';
import type { ManageSourcesDeps } from '../pipeline/knowledge/manage-sources.js';
import { embedderFor } from './embedder.js';
import type { Services } from './services.js';

/**
 * `redis`: the service's connection, when there is one. Without it (`firstline kb`, which opens only
 * the database) each notice opens a short-lived connection of its own and gives up quickly when Redis
 * cannot be reached; the change is stored all the same (see manage-sources.ts). `breakers`: the
 * service's board, whose `embeddings` breaker the workers' searches share; a command has its own.
 */
export function knowledgeDeps(
  services: Pick<Services, 'db' | 'config' | 'log'> & Partial<Pick<Services, 'redis' | 'breakers'>>,
): ManageSourcesDeps {
  const log = services.log.child({ component: 'knowledge' });
  const breakers = services.breakers ?? createBreakerBoard(services.log);
  return {
    embedder: embedderFor({ config: services.config, log: services.log, breakers }),
    knowledge: createKnowledgeRepository(services.db.prisma),
    reader: createDocumentReader({ log }),
    parse: parseDocument,
    limits: services.config.knowledge,
    notifier: notifierFor(services),
    log,
  };
}

function notifierFor(services: Pick<Services, 'db' | 'config'> & Partial<Pick<Services, 'redis'>>): PassageChangeNotifier | undefined {
  const { url, queuePrefix } = services.config.redis;
  if (services.redis) return createPassageChangeNotifier(services.redis, queuePrefix);
  // The embedded database can be opened by one process only: a command that opened it has no worker to tell.
  return services.db.target.kind === 'postgres' ? createOneShotPassageChangeNotifier(url, queuePrefix) : undefined;
}
