// Knowledge sources and their passages. A sync is applied in one transaction with the source's row
// locked, so two syncs of one source never interleave and a reader sees either the old passages or
// the new ones, never half of each.
import { AppError } from '../../domain/errors.js';
import type { DocumentError, Passage, SourceLocation } from '../../domain/knowledge.js';
import type {
  KnowledgeRepository,
  KnowledgeSource,
  PassageChanges,
  PassageVector,
  SourceSync,
  StoredPassage,
} from '../../domain/ports/knowledge.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { isUniqueViolation } from './prisma-errors.js';
import { bytesToVector, vectorToBytes } from './vector-bytes.js';

type Tx = Prisma.TransactionClient;
type SourceRow = Awaited<ReturnType<PrismaClient['knowledgeSource']['findUniqueOrThrow']>>;

const PASSAGE_FIELDS = {
  id: true,
  sourceId: true,
  pageUrl: true,
  pageTitle: true,
  headingPath: true,
  anchor: true,
  text: true,
  hash: true,
  position: true,
} as const;

/** Ids per query when passages are read by id. */
const FIND_SLICE = 5000;
/** Vectors per query when read by id: 1,000 vectors of 1,536 floats are 6 MB. */
const VECTOR_SLICE = 1000;

/** Without a vector from this model: none yet, or one from a model no longer configured. */
const lacksVector = (model: string): Prisma.KnowledgeChunkWhereInput => ({
  OR: [{ embedding: null }, { embeddingModel: null }, { embeddingModel: { not: model } }],
});

const locationOf = (row: Pick<SourceRow, 'kind' | 'location'>): SourceLocation =>
  row.kind === 'URL' ? { kind: 'url', url: row.location } : { kind: 'path', path: row.location };

/** The errors column holds what this repository wrote: a list of { url, error }. */
function errorsOf(value: unknown): DocumentError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e: unknown) =>
    typeof e === 'object' && e !== null && 'url' in e && 'error' in e ? [{ url: String(e.url), error: String(e.error) }] : [],
  );
}

const toSource = (row: SourceRow): KnowledgeSource => ({
  id: row.id,
  name: row.name,
  location: locationOf(row),
  createdAt: row.createdAt,
  lastSyncedAt: row.lastSyncedAt,
  pageCount: row.pageCount,
  chunkCount: row.chunkCount,
  errors: errorsOf(row.errors),
});

/** One passage per hash: a section repeated word for word on one page adds nothing. */
/** Rows per INSERT: one statement for 10,000 sections spent seconds in the query compiler alone. */
const INSERT_BATCH = 1000;

/**
 * A sync stores a whole source in one transaction, which for a large site takes longer than
 * Prisma's default 5 s (10,000 sections took 5-9 s on this machine): it may run for minutes, like the
 * reading that came before it.
 */
const SYNC_TRANSACTION = { maxWait: 10_000, timeout: 10 * 60_000 } as const;

function uniqueByHash(passages: readonly Passage[]): Map<string, Passage> {
  const byHash = new Map<string, Passage>();
  for (const p of passages) if (!byHash.has(p.hash)) byHash.set(p.hash, p);
  return byHash;
}

async function applyTo(tx: Tx, sourceId: string, sync: SourceSync): Promise<{ source: KnowledgeSource; changes: PassageChanges }> {
  const existing = await tx.knowledgeChunk.findMany({ where: { sourceId }, select: { id: true, hash: true, pageUrl: true } });
  const incoming = uniqueByHash(sync.passages);
  const failed = new Set(sync.failedPages);
  const stored = new Set(existing.map((c) => c.hash));
  const removedIds = existing.filter((c) => !incoming.has(c.hash) && !failed.has(c.pageUrl)).map((c) => c.id);
  const fresh = [...incoming.values()].filter((p) => !stored.has(p.hash));
  if (removedIds.length > 0) await tx.knowledgeChunk.deleteMany({ where: { id: { in: removedIds } } });
  const added: StoredPassage[] = [];
  for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
    const batch = fresh.slice(i, i + INSERT_BATCH).map((p) => ({ ...p, sourceId }));
    added.push(...(await tx.knowledgeChunk.createManyAndReturn({ data: batch, select: PASSAGE_FIELDS })));
  }
  const chunkCount = existing.length - removedIds.length + added.length;
  const row = await tx.knowledgeSource.update({
    where: { id: sourceId },
    data: { lastSyncedAt: sync.at, pageCount: sync.pageCount, chunkCount, errors: sync.errors.map((e) => ({ ...e })) },
  });
  return { source: toSource(row), changes: { added, removedIds, kept: existing.length - removedIds.length } };
}

export function createKnowledgeRepository(prisma: PrismaClient): KnowledgeRepository {
  return {
    async create({ name, location }, sync) {
      try {
        return await prisma.$transaction(async (tx) => {
          const row = await tx.knowledgeSource.create({
            data: {
              name,
              kind: location.kind === 'url' ? 'URL' : 'PATH',
              location: location.kind === 'url' ? location.url : location.path,
            },
          });
          return applyTo(tx, row.id, sync);
        }, SYNC_TRANSACTION);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('conflict', { message: `A knowledge source named "${name}" already exists.` });
        throw err;
      }
    },

    applySync: (sourceId, sync) =>
      prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "KnowledgeSource" WHERE id = ${sourceId}::uuid FOR UPDATE`;
        return locked.length === 0 ? null : applyTo(tx, sourceId, sync);
      }, SYNC_TRANSACTION),

    async recordFailedSync(sourceId, error, at) {
      const { count } = await prisma.knowledgeSource.updateMany({
        where: { id: sourceId },
        data: { lastSyncedAt: at, errors: [{ ...error }] },
      });
      if (count === 0) return null;
      return toSource(await prisma.knowledgeSource.findUniqueOrThrow({ where: { id: sourceId } }));
    },

    async findByName(name) {
      const row = await prisma.knowledgeSource.findUnique({ where: { name } });
      return row ? toSource(row) : null;
    },

    async list() {
      return (await prisma.knowledgeSource.findMany({ orderBy: { name: 'asc' } })).map(toSource);
    },

    remove: (name) =>
      prisma.$transaction(async (tx) => {
        const row = await tx.knowledgeSource.findUnique({ where: { name }, select: { id: true } });
        if (!row) return null;
        const chunks = await tx.knowledgeChunk.findMany({ where: { sourceId: row.id }, select: { id: true } });
        await tx.knowledgeSource.delete({ where: { id: row.id } });
        return { removedIds: chunks.map((c) => c.id) };
      }),

    listPassages: () =>
      prisma.knowledgeChunk.findMany({ select: PASSAGE_FIELDS, orderBy: [{ sourceId: 'asc' }, { pageUrl: 'asc' }, { position: 'asc' }] }),

    async listPassageIds() {
      return (await prisma.knowledgeChunk.findMany({ select: { id: true } })).map((c) => c.id);
    },

    async findPassages(ids) {
      const found: StoredPassage[] = [];
      // In slices, so a sync that added a whole site stays well under PostgreSQL's bind-parameter limit.
      for (let i = 0; i < ids.length; i += FIND_SLICE) {
        const slice = ids.slice(i, i + FIND_SLICE);
        found.push(...(await prisma.knowledgeChunk.findMany({ where: { id: { in: slice } }, select: PASSAGE_FIELDS })));
      }
      return found;
    },

    listPassagesToEmbed: (model, { afterId, limit }) =>
      prisma.knowledgeChunk.findMany({
        where: { ...lacksVector(model), ...(afterId === undefined ? {} : { id: { gt: afterId } }) },
        select: PASSAGE_FIELDS,
        orderBy: { id: 'asc' },
        take: limit,
      }),

    async storeEmbeddings(model, vectors) {
      let stored = 0;
      // One update per row (each has its own vector); a transaction would hold locks a sync may want.
      for (const { id, vector } of vectors) {
        const { count } = await prisma.knowledgeChunk.updateMany({
          where: { id },
          data: { embedding: vectorToBytes(vector), embeddingModel: model },
        });
        stored += count;
      }
      return stored;
    },

    async listEmbeddedPassageIds(model) {
      const rows = await prisma.knowledgeChunk.findMany({
        where: { embeddingModel: model, embedding: { not: null } },
        select: { id: true },
      });
      return rows.map((c) => c.id);
    },

    async findEmbeddings(model, ids) {
      const found: PassageVector[] = [];
      for (let i = 0; i < ids.length; i += VECTOR_SLICE) {
        const rows = await prisma.knowledgeChunk.findMany({
          where: { id: { in: ids.slice(i, i + VECTOR_SLICE) }, embeddingModel: model, embedding: { not: null } },
          select: { id: true, embedding: true },
        });
        for (const row of rows) {
          const vector = row.embedding ? bytesToVector(row.embedding) : null;
          if (vector) found.push({ id: row.id, vector });
        }
      }
      return found;
    },
  };
}
