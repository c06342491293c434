-- CreateEnum
CREATE TYPE "EscalationReason" AS ENUM ('customer_requested_human', 'urgent', 'classifier_error', 'invalid_confidence', 'unknown_intent', 'intent_requires_human', 'invalid_threshold', 'low_confidence', 'no_reply_available', 'pipeline_error', 'customer_rejected', 'incident', 'delivery_failed', 'shadow_mode');

-- AlterTable: the column keeps its values (every one Firstline ever wrote is in the list).
ALTER TABLE "Ticket" ALTER COLUMN "escalationReason" TYPE "EscalationReason" USING "escalationReason"::"EscalationReason";
