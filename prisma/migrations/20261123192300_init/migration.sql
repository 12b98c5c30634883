-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'member');

-- CreateEnum
CREATE TYPE "DealStatus" AS ENUM ('open', 'won', 'lost');

-- CreateEnum
CREATE TYPE "TimelineKind" AS ENUM ('email', 'note', 'call', 'meeting', 'stage_change', 'task_created', 'task_completed');

-- CreateEnum
CREATE TYPE "EmailDirection" AS ENUM ('inbound', 'outbound', 'internal');

-- CreateEnum
CREATE TYPE "LoggedVia" AS ENUM ('manual', 'sync');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('from', 'to', 'cc');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "entraTenantId" TEXT,
    "domains" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'member',
    "entraObjectId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Company" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "ownerId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "CompanyDomain" (
    "tenantId" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "companyId" UUID NOT NULL,

    CONSTRAINT "CompanyDomain_pkey" PRIMARY KEY ("tenantId","domain")
);

-- CreateTable
CREATE TABLE "Contact" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "phone" TEXT,
    "companyId" UUID,
    "ownerId" UUID,
    "tags" TEXT[],
    "lastContactedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "ContactEmail" (
    "tenantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "contactId" UUID NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ContactEmail_pkey" PRIMARY KEY ("tenantId","email")
);

-- CreateTable
CREATE TABLE "Pipeline" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pipeline_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Stage" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "pipelineId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "probability" INTEGER NOT NULL,
    "isWon" BOOLEAN NOT NULL DEFAULT false,
    "isLost" BOOLEAN NOT NULL DEFAULT false,
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Stage_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Deal" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "pipelineId" UUID NOT NULL,
    "stageId" UUID NOT NULL,
    "ownerId" UUID,
    "companyId" UUID,
    "expectedCloseDate" DATE,
    "status" "DealStatus" NOT NULL DEFAULT 'open',
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Deal_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "DealContact" (
    "tenantId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "contactId" UUID NOT NULL,

    CONSTRAINT "DealContact_pkey" PRIMARY KEY ("tenantId","dealId","contactId")
);

-- CreateTable
CREATE TABLE "DealStageChange" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "fromStageId" UUID,
    "toStageId" UUID NOT NULL,
    "changedById" UUID,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DealStageChange_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "TimelineItem" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "kind" "TimelineKind" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "authorId" UUID,
    "body" TEXT,
    "data" JSONB,
    "internetMessageId" TEXT,
    "subject" TEXT,
    "conversationId" TEXT,
    "direction" "EmailDirection",
    "preview" TEXT,
    "loggedById" UUID,
    "loggedAt" TIMESTAMPTZ(3),
    "loggedVia" "LoggedVia",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimelineItem_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "EmailParticipant" (
    "tenantId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "EmailParticipant_pkey" PRIMARY KEY ("tenantId","itemId","role","email")
);

-- CreateTable
CREATE TABLE "TimelineContactLink" (
    "tenantId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TimelineContactLink_pkey" PRIMARY KEY ("tenantId","itemId","contactId")
);

-- CreateTable
CREATE TABLE "TimelineCompanyLink" (
    "tenantId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TimelineCompanyLink_pkey" PRIMARY KEY ("tenantId","itemId","companyId")
);

-- CreateTable
CREATE TABLE "TimelineDealLink" (
    "tenantId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TimelineDealLink_pkey" PRIMARY KEY ("tenantId","itemId","dealId")
);

-- CreateTable
CREATE TABLE "Task" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3),
    "assigneeId" UUID NOT NULL,
    "createdById" UUID NOT NULL,
    "contactId" UUID,
    "dealId" UUID,
    "doneAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_entraTenantId_key" ON "Tenant"("entraTenantId");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_email_key" ON "User"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_entraObjectId_key" ON "User"("tenantId", "entraObjectId");

-- CreateIndex
CREATE INDEX "Company_tenantId_name_idx" ON "Company"("tenantId", "name");

-- CreateIndex
CREATE INDEX "CompanyDomain_tenantId_companyId_idx" ON "CompanyDomain"("tenantId", "companyId");

-- CreateIndex
CREATE INDEX "Contact_tenantId_name_idx" ON "Contact"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Contact_tenantId_companyId_idx" ON "Contact"("tenantId", "companyId");

-- CreateIndex
CREATE INDEX "ContactEmail_tenantId_contactId_idx" ON "ContactEmail"("tenantId", "contactId");

-- CreateIndex
CREATE INDEX "Stage_tenantId_pipelineId_position_idx" ON "Stage"("tenantId", "pipelineId", "position");

-- CreateIndex
CREATE INDEX "Deal_tenantId_companyId_status_idx" ON "Deal"("tenantId", "companyId", "status");

-- CreateIndex
CREATE INDEX "Deal_tenantId_stageId_idx" ON "Deal"("tenantId", "stageId");

-- CreateIndex
CREATE INDEX "DealContact_tenantId_contactId_idx" ON "DealContact"("tenantId", "contactId");

-- CreateIndex
CREATE INDEX "DealStageChange_tenantId_dealId_changedAt_idx" ON "DealStageChange"("tenantId", "dealId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TimelineItem_tenantId_internetMessageId_key" ON "TimelineItem"("tenantId", "internetMessageId");

-- CreateIndex
CREATE INDEX "TimelineContactLink_tenantId_contactId_occurredAt_itemId_idx" ON "TimelineContactLink"("tenantId", "contactId", "occurredAt" DESC, "itemId" DESC);

-- CreateIndex
CREATE INDEX "TimelineCompanyLink_tenantId_companyId_occurredAt_itemId_idx" ON "TimelineCompanyLink"("tenantId", "companyId", "occurredAt" DESC, "itemId" DESC);

-- CreateIndex
CREATE INDEX "TimelineDealLink_tenantId_dealId_occurredAt_itemId_idx" ON "TimelineDealLink"("tenantId", "dealId", "occurredAt" DESC, "itemId" DESC);

-- CreateIndex
CREATE INDEX "Task_tenantId_assigneeId_doneAt_dueAt_idx" ON "Task"("tenantId", "assigneeId", "doneAt", "dueAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyDomain" ADD CONSTRAINT "CompanyDomain_tenantId_companyId_fkey" FOREIGN KEY ("tenantId", "companyId") REFERENCES "Company"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_tenantId_companyId_fkey" FOREIGN KEY ("tenantId", "companyId") REFERENCES "Company"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactEmail" ADD CONSTRAINT "ContactEmail_tenantId_contactId_fkey" FOREIGN KEY ("tenantId", "contactId") REFERENCES "Contact"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pipeline" ADD CONSTRAINT "Pipeline_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stage" ADD CONSTRAINT "Stage_tenantId_pipelineId_fkey" FOREIGN KEY ("tenantId", "pipelineId") REFERENCES "Pipeline"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_tenantId_pipelineId_fkey" FOREIGN KEY ("tenantId", "pipelineId") REFERENCES "Pipeline"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_tenantId_stageId_fkey" FOREIGN KEY ("tenantId", "stageId") REFERENCES "Stage"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_tenantId_companyId_fkey" FOREIGN KEY ("tenantId", "companyId") REFERENCES "Company"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealContact" ADD CONSTRAINT "DealContact_tenantId_dealId_fkey" FOREIGN KEY ("tenantId", "dealId") REFERENCES "Deal"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealContact" ADD CONSTRAINT "DealContact_tenantId_contactId_fkey" FOREIGN KEY ("tenantId", "contactId") REFERENCES "Contact"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealStageChange" ADD CONSTRAINT "DealStageChange_tenantId_dealId_fkey" FOREIGN KEY ("tenantId", "dealId") REFERENCES "Deal"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealStageChange" ADD CONSTRAINT "DealStageChange_tenantId_fromStageId_fkey" FOREIGN KEY ("tenantId", "fromStageId") REFERENCES "Stage"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealStageChange" ADD CONSTRAINT "DealStageChange_tenantId_toStageId_fkey" FOREIGN KEY ("tenantId", "toStageId") REFERENCES "Stage"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealStageChange" ADD CONSTRAINT "DealStageChange_tenantId_changedById_fkey" FOREIGN KEY ("tenantId", "changedById") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineItem" ADD CONSTRAINT "TimelineItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineItem" ADD CONSTRAINT "TimelineItem_tenantId_authorId_fkey" FOREIGN KEY ("tenantId", "authorId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineItem" ADD CONSTRAINT "TimelineItem_tenantId_loggedById_fkey" FOREIGN KEY ("tenantId", "loggedById") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailParticipant" ADD CONSTRAINT "EmailParticipant_tenantId_itemId_fkey" FOREIGN KEY ("tenantId", "itemId") REFERENCES "TimelineItem"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineContactLink" ADD CONSTRAINT "TimelineContactLink_tenantId_itemId_fkey" FOREIGN KEY ("tenantId", "itemId") REFERENCES "TimelineItem"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineContactLink" ADD CONSTRAINT "TimelineContactLink_tenantId_contactId_fkey" FOREIGN KEY ("tenantId", "contactId") REFERENCES "Contact"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineCompanyLink" ADD CONSTRAINT "TimelineCompanyLink_tenantId_itemId_fkey" FOREIGN KEY ("tenantId", "itemId") REFERENCES "TimelineItem"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineCompanyLink" ADD CONSTRAINT "TimelineCompanyLink_tenantId_companyId_fkey" FOREIGN KEY ("tenantId", "companyId") REFERENCES "Company"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineDealLink" ADD CONSTRAINT "TimelineDealLink_tenantId_itemId_fkey" FOREIGN KEY ("tenantId", "itemId") REFERENCES "TimelineItem"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineDealLink" ADD CONSTRAINT "TimelineDealLink_tenantId_dealId_fkey" FOREIGN KEY ("tenantId", "dealId") REFERENCES "Deal"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_assigneeId_fkey" FOREIGN KEY ("tenantId", "assigneeId") REFERENCES "User"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_createdById_fkey" FOREIGN KEY ("tenantId", "createdById") REFERENCES "User"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_contactId_fkey" FOREIGN KEY ("tenantId", "contactId") REFERENCES "Contact"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_dealId_fkey" FOREIGN KEY ("tenantId", "dealId") REFERENCES "Deal"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
