-- AlterTable
ALTER TABLE "TimelineItem" ADD COLUMN     "capturedById" UUID;

-- CreateIndex
CREATE INDEX "TimelineItem_email_activity_idx" ON "TimelineItem"("tenantId", "kind", "occurredAt", "loggedVia", "loggedById", "capturedById");

-- AddForeignKey
ALTER TABLE "TimelineItem" ADD CONSTRAINT "TimelineItem_tenantId_capturedById_fkey" FOREIGN KEY ("tenantId", "capturedById") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- Backfill: a synced email already on the timeline was captured from the first
-- mailbox that saw it (its earliest sighting).
UPDATE "TimelineItem" i SET "capturedById" = (
  SELECT m."userId" FROM "EmailSighting" s
  JOIN "Mailbox" m ON m."tenantId" = s."tenantId" AND m.id = s."mailboxId"
  WHERE s."tenantId" = i."tenantId" AND s."itemId" = i.id
  ORDER BY s."seenAt", s."mailboxId" LIMIT 1)
WHERE i."loggedVia" = 'sync';
