-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "urgencyScore" DOUBLE PRECISION;
