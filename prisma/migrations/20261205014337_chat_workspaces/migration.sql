-- CreateEnum
CREATE TYPE "AutoResolveMode" AS ENUM ('LIVE', 'SHADOW');

-- CreateTable
CREATE TABLE "ChatWorkspace" (
    "platform" "ChatPlatform" NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "agentsChannelId" TEXT,
    "adminUserIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "autoResolveMode" "AutoResolveMode",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatWorkspace_pkey" PRIMARY KEY ("platform","workspaceId")
);

-- CreateTable
CREATE TABLE "ChatInstallation" (
    "platform" "ChatPlatform" NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT,
    "botUserId" TEXT,
    "secret" TEXT NOT NULL,
    "installedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatInstallation_pkey" PRIMARY KEY ("platform","workspaceId")
);
