-- CreateEnum
CREATE TYPE "SlaMetric" AS ENUM ('FIRST_RESPONSE', 'NEXT_RESPONSE', 'RESOLUTION');

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "passedOverIds" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateTable
CREATE TABLE "SlaTimer" (
    "id" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "metric" "SlaMetric" NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "priority" "Priority" NOT NULL,
    "state" TEXT NOT NULL,
    "breached" BOOLEAN NOT NULL DEFAULT false,
    "targetMinutes" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "stoppedAt" TIMESTAMPTZ(3),
    "atRiskAt" TIMESTAMPTZ(3),
    "dueAt" TIMESTAMPTZ(3),
    "firedSteps" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "nextCheckAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SlaTimer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SlaTimer_stoppedAt_idx" ON "SlaTimer"("stoppedAt");

-- CreateIndex
CREATE INDEX "SlaTimer_nextCheckAt_idx" ON "SlaTimer"("nextCheckAt");

-- CreateIndex
CREATE UNIQUE INDEX "SlaTimer_ticketId_metric_seq_key" ON "SlaTimer"("ticketId", "metric", "seq");

-- AddForeignKey
ALTER TABLE "SlaTimer" ADD CONSTRAINT "SlaTimer_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
