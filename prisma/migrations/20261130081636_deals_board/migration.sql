-- DropIndex
DROP INDEX "Deal_tenantId_stageId_idx";

-- CreateIndex
CREATE INDEX "Deal_tenantId_stageId_updatedAt_id_idx" ON "Deal"("tenantId", "stageId", "updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Deal_tenantId_pipelineId_status_stageId_currency_value_idx" ON "Deal"("tenantId", "pipelineId", "status", "stageId", "currency", "value");
