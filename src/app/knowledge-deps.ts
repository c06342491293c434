// What adding and syncing knowledge sources needs, built from the shared services.
import { parseDocument } from '../documents/parse-document.js';
import { createKnowledgeRepository } from '../infra/db/knowledge-repository.js';
import { createDocumentReader } from '../infra/knowledge/document-reader.js';
import type { ManageSourcesDeps } from '../pipeline/knowledge/manage-sources.js';
import type { Services } from './services.js';

export function knowledgeDeps(services: Pick<Services, 'db' | 'config' | 'log'>): ManageSourcesDeps {
  const log = services.log.child({ component: 'knowledge' });
  return {
    knowledge: createKnowledgeRepository(services.db.prisma),
    reader: createDocumentReader({ log }),
    parse: parseDocument,
    limits: services.config.knowledge,
    log,
  };
}
