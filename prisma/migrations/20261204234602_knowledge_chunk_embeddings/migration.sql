-- AlterTable
ALTER TABLE "KnowledgeChunk" ADD COLUMN     "embedding" BYTEA,
ADD COLUMN     "embeddingModel" TEXT;
