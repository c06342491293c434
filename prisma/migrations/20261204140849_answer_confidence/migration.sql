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
