// Trained classifiers, stored gzipped so a restart with unchanged training data skips training.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ModelRepository } from '../../domain/ports/learning.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

export function createModelRepository(prisma: PrismaClient): ModelRepository {
  return {
    async findByHash(dataHash) {
      const row = await prisma.classifierModel.findUnique({ where: { dataHash } });
      if (!row) return null;
      return {
        dataHash: row.dataHash,
        examples: row.examples,
        agentExamples: row.agentExamples,
        state: JSON.parse(gunzipSync(row.state).toString('utf8')) as unknown,
        createdAt: row.createdAt,
      };
    },

    async save(model) {
      const state = gzipSync(Buffer.from(JSON.stringify(model.state), 'utf8'));
      // Two workers may train the same data at once; the first one saved is kept.
      await prisma.classifierModel.createMany({
        data: [{ dataHash: model.dataHash, examples: model.examples, agentExamples: model.agentExamples, state }],
        skipDuplicates: true,
      });
    },
  };
}
