-- CreateEnum
CREATE TYPE "ChannelAudience" AS ENUM ('EXTERNAL', 'EVERYONE');

-- CreateTable
CREATE TABLE "SupportChannel" (
    "id" UUID NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "audience" "ChannelAudience" NOT NULL,
    "enabledById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SupportChannel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupportChannel_platform_workspaceId_idx" ON "SupportChannel"("platform", "workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "SupportChannel_platform_channelId_key" ON "SupportChannel"("platform", "channelId");
