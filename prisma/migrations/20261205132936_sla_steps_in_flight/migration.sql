-- CreateTable
CREATE TABLE "SlaStepInFlight" (
    "id" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "metric" "SlaMetric" NOT NULL,
    "seq" INTEGER NOT NULL,
    "stepKey" TEXT NOT NULL,
    "step" JSONB NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SlaStepInFlight_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SlaStepInFlight_claimedAt_idx" ON "SlaStepInFlight"("claimedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SlaStepInFlight_ticketId_metric_seq_stepKey_key" ON "SlaStepInFlight"("ticketId", "metric", "seq", "stepKey");

-- AddForeignKey
ALTER TABLE "SlaStepInFlight" ADD CONSTRAINT "SlaStepInFlight_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
