-- CreateTable
CREATE TABLE "DeploymentSettingChange" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "changedById" UUID,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeploymentSettingChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeploymentSettingChange_key_id_idx" ON "DeploymentSettingChange"("key", "id");

-- AddForeignKey
ALTER TABLE "DeploymentSettingChange" ADD CONSTRAINT "DeploymentSettingChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
