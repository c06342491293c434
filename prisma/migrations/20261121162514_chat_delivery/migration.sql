-- CreateTable
CREATE TABLE "ChatPost" (
    "id" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "purpose" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatPost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChatPost_platform_channelId_messageId_idx" ON "ChatPost"("platform", "channelId", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatPost_ticketId_purpose_key" ON "ChatPost"("ticketId", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_chatPlatform_chatChannelId_chatMessageId_key" ON "Ticket"("chatPlatform", "chatChannelId", "chatMessageId");

-- AddForeignKey
ALTER TABLE "ChatPost" ADD CONSTRAINT "ChatPost_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
