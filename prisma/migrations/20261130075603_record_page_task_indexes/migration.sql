-- CreateIndex
CREATE INDEX "Task_tenantId_contactId_idx" ON "Task"("tenantId", "contactId");

-- CreateIndex
CREATE INDEX "Task_tenantId_dealId_idx" ON "Task"("tenantId", "dealId");
