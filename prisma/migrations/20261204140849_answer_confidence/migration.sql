-- CreateEnum
CREATE TYPE "CandidateKind" AS ENUM ('SOLUTION', 'TEMPLATE');

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "answerBasis" TEXT,
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "labelledIntent" TEXT;

-- CreateTable
CREATE TABLE "ReplyCandidate" (
    "id" BIGSERIAL NOT NULL,
    "ticketId" UUID NOT NULL,
    "rank" INTEGER NOT NULL,
    "kind" "CandidateKind" NOT NULL,
    "answerKey" TEXT NOT NULL,
    "textKey" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "sent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplyCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReplyCandidate_answerKey_sent_idx" ON "ReplyCandidate"("answerKey", "sent");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyCandidate_ticketId_rank_key" ON "ReplyCandidate"("ticketId", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_externalId_key" ON "Ticket"("externalId");

-- AddForeignKey
ALTER TABLE "ReplyCandidate" ADD CONSTRAINT "ReplyCandidate_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill: what earlier tickets' answers were built from. An agent's answer is its own words; a
-- reused answer was stored with the "similar request" preface, once or stacked, which is dropped.
-- (An answer an LLM reworded cannot be recovered; such a ticket keeps its response as it was.)
UPDATE "Ticket" SET "answerBasis" = "response" WHERE "responseSource" = 'AGENT' AND "response" IS NOT NULL;
UPDATE "Ticket"
   SET "answerBasis" = regexp_replace("response", '^(\s*This answer comes from a similar request we resolved before:\s*)+', '')
 WHERE "responseSource" = 'SIMILAR_TICKET' AND "response" IS NOT NULL;
