-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "solutionDemotedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ClassifierModel" (
    "id" UUID NOT NULL,
    "dataHash" TEXT NOT NULL,
    "examples" INTEGER NOT NULL,
    "agentExamples" INTEGER NOT NULL,
    "state" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassifierModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClassifierModel_dataHash_key" ON "ClassifierModel"("dataHash");

-- CreateIndex
CREATE INDEX "ClassifierModel_createdAt_idx" ON "ClassifierModel"("createdAt");

-- CreateIndex
CREATE INDEX "Ticket_responseSource_status_idx" ON "Ticket"("responseSource", "status");

-- CreateIndex
CREATE INDEX "Ticket_matchedTicketId_idx" ON "Ticket"("matchedTicketId");
