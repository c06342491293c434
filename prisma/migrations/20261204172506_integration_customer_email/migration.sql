-- AlterTable
ALTER TABLE "User" ADD COLUMN     "externalEmail" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_externalKeyId_externalEmail_key" ON "User"("externalKeyId", "externalEmail");

-- Customers an integration created by email before this migration held the sign-in address (no
-- password, no chat identity, every ticket opened by one API key): they become that key's customers,
-- their address moves to "externalEmail", and the address is free for someone to register with.
-- A customer whose tickets came from several keys (or from no key) is left as it is.
UPDATE "User" AS u
SET "externalKeyId" = k."apiKeyId", "externalEmail" = u."email", "email" = NULL
FROM (
  SELECT "requesterId", MIN("apiKeyId"::text)::uuid AS "apiKeyId"
  FROM "Ticket"
  GROUP BY "requesterId"
  HAVING COUNT(*) = COUNT("apiKeyId") AND COUNT(DISTINCT "apiKeyId") = 1
) AS k
WHERE k."requesterId" = u."id"
  AND u."email" IS NOT NULL
  AND u."passwordHash" IS NULL
  AND u."externalKeyId" IS NULL
  AND u."role" = 'USER'
  AND NOT EXISTS (SELECT 1 FROM "ChatIdentity" AS c WHERE c."userId" = u."id");
