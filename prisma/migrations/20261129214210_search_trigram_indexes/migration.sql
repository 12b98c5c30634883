-- Substring search (q on contacts and companies) with trigram GIN indexes:
-- ILIKE with a pattern like %fragment% can use a gin_trgm_ops index. btree_gin
-- makes tenantId a key of the same index, so a search reads only the entries of
-- its own tenant (every index carries tenantId, see ARCHITECTURE.md). The
-- extensions are created here rather than declared in schema.prisma (see the
-- datasource comment there). No quote characters in these comments: the schema
-- engine splits the script on PostgreSQL and a lone quote breaks it.

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gin";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Company_tenantId_name_trgm_idx" ON "Company" USING GIN ("tenantId" uuid_ops, "name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "CompanyDomain_tenantId_domain_trgm_idx" ON "CompanyDomain" USING GIN ("tenantId" uuid_ops, "domain" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_tenantId_name_trgm_idx" ON "Contact" USING GIN ("tenantId" uuid_ops, "name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ContactEmail_tenantId_email_trgm_idx" ON "ContactEmail" USING GIN ("tenantId" uuid_ops, "email" gin_trgm_ops);
