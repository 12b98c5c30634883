-- CreateEnum
CREATE TYPE "SyncBodyStorage" AS ENUM ('none', 'preview', 'full');

-- CreateEnum
CREATE TYPE "GraphConnectionState" AS ENUM ('CONNECTED', 'NEEDS_ADMIN');

-- CreateEnum
CREATE TYPE "MailboxState" AS ENUM ('ACTIVE', 'THROTTLED', 'NEEDS_ADMIN', 'NOT_PERMITTED', 'INACTIVE', 'FAILED', 'DISABLED');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "syncBlocked" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "syncBodyStorage" "SyncBodyStorage" NOT NULL DEFAULT 'preview',
ADD COLUMN     "syncSkipBulk" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "syncEnabled" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "GraphConnection" (
    "tenantId" UUID NOT NULL,
    "directoryTenantId" TEXT NOT NULL,
    "state" "GraphConnectionState" NOT NULL DEFAULT 'CONNECTED',
    "stateReason" TEXT,
    "connectedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GraphConnection_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "tenantId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "graphUserId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "state" "MailboxState" NOT NULL DEFAULT 'ACTIVE',
    "stateReason" TEXT,
    "throttledUntil" TIMESTAMPTZ(3),
    "retryAt" TIMESTAMPTZ(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "extraFolderIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "roundStartedAt" TIMESTAMPTZ(3),
    "lastRoundAt" TIMESTAMPTZ(3),
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "itemsCaptured" INTEGER NOT NULL DEFAULT 0,
    "dirtyAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Mailbox_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "MailFolderCursor" (
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "folderId" TEXT NOT NULL,
    "wellKnown" TEXT,
    "displayName" TEXT NOT NULL,
    "deltaLink" TEXT,
    "nextLink" TEXT,
    "roundsDone" INTEGER NOT NULL DEFAULT 0,
    "lastRoundAt" TIMESTAMPTZ(3),

    CONSTRAINT "MailFolderCursor_pkey" PRIMARY KEY ("tenantId","mailboxId","folderId")
);

-- CreateTable
CREATE TABLE "EmailSighting" (
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "graphMessageId" TEXT NOT NULL,
    "itemId" UUID NOT NULL,
    "folderId" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EmailSighting_pkey" PRIMARY KEY ("tenantId","mailboxId","graphMessageId")
);

-- CreateTable
CREATE TABLE "GraphSubscription" (
    "id" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "clientState" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GraphSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GraphConnection_directoryTenantId_key" ON "GraphConnection"("directoryTenantId");

-- CreateIndex
CREATE INDEX "Mailbox_state_idx" ON "Mailbox"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_tenantId_userId_key" ON "Mailbox"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "EmailSighting_tenantId_itemId_idx" ON "EmailSighting"("tenantId", "itemId");

-- CreateIndex
CREATE INDEX "GraphSubscription_tenantId_mailboxId_idx" ON "GraphSubscription"("tenantId", "mailboxId");

-- CreateIndex
CREATE INDEX "GraphSubscription_expiresAt_idx" ON "GraphSubscription"("expiresAt");

-- AddForeignKey
ALTER TABLE "GraphConnection" ADD CONSTRAINT "GraphConnection_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "User"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailFolderCursor" ADD CONSTRAINT "MailFolderCursor_tenantId_mailboxId_fkey" FOREIGN KEY ("tenantId", "mailboxId") REFERENCES "Mailbox"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailSighting" ADD CONSTRAINT "EmailSighting_tenantId_mailboxId_fkey" FOREIGN KEY ("tenantId", "mailboxId") REFERENCES "Mailbox"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailSighting" ADD CONSTRAINT "EmailSighting_tenantId_itemId_fkey" FOREIGN KEY ("tenantId", "itemId") REFERENCES "TimelineItem"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GraphSubscription" ADD CONSTRAINT "GraphSubscription_tenantId_mailboxId_fkey" FOREIGN KEY ("tenantId", "mailboxId") REFERENCES "Mailbox"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
