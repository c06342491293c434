-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "offeredToId" UUID;

-- CreateIndex
CREATE INDEX "Ticket_offeredToId_status_idx" ON "Ticket"("offeredToId", "status");

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_offeredToId_fkey" FOREIGN KEY ("offeredToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
