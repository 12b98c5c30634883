-- CreateEnum
CREATE TYPE "SegmentEntity" AS ENUM ('contact', 'company');

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Segment" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "entity" "SegmentEntity" NOT NULL,
    "filter" JSONB NOT NULL,
    "sort" TEXT,
    "order" TEXT,
    "ownerId" UUID NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "Segment_tenantId_entity_name_idx" ON "Segment"("tenantId", "entity", "name");

-- CreateIndex
CREATE INDEX "Company_tenantId_createdAt_id_idx" ON "Company"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Company_tenantId_updatedAt_id_idx" ON "Company"("tenantId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Company_tenantId_ownerId_idx" ON "Company"("tenantId", "ownerId");

-- CreateIndex
CREATE INDEX "Company_tenantId_tags_idx" ON "Company" USING GIN ("tenantId" uuid_ops, "tags" array_ops);

-- CreateIndex
CREATE INDEX "Contact_tenantId_lastContactedAt_id_idx" ON "Contact"("tenantId", "lastContactedAt", "id");

-- CreateIndex
CREATE INDEX "Contact_tenantId_createdAt_id_idx" ON "Contact"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Contact_tenantId_updatedAt_id_idx" ON "Contact"("tenantId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Contact_tenantId_ownerId_idx" ON "Contact"("tenantId", "ownerId");

-- CreateIndex
CREATE INDEX "Contact_tenantId_tags_idx" ON "Contact" USING GIN ("tenantId" uuid_ops, "tags" array_ops);

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "User"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
