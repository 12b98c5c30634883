// The SQL the lookup endpoint cannot do without, written by hand: one query for
// the contact and company, one for the open deals, one for the last 10 items.
// Timing it in the same run as the endpoint shows what the API layers add.
import type { SystemDb } from '../server/src/db/index.ts';

const CONTACT = `
SELECT c.*, co.name AS company_name,
       ARRAY(SELECT d.domain FROM "CompanyDomain" d WHERE d."tenantId" = c."tenantId" AND d."companyId" = c."companyId") AS domains,
       ARRAY(SELECT e.email FROM "ContactEmail" e WHERE e."tenantId" = c."tenantId" AND e."contactId" = c.id) AS emails,
       u."displayName" AS owner_name
FROM "ContactEmail" ce
JOIN "Contact" c ON c."tenantId" = ce."tenantId" AND c.id = ce."contactId"
LEFT JOIN "Company" co ON co."tenantId" = c."tenantId" AND co.id = c."companyId"
LEFT JOIN "User" u ON u."tenantId" = c."tenantId" AND u.id = c."ownerId"
WHERE ce."tenantId" = $1::uuid AND ce.email = $2`;

const DEALS = `
SELECT d.*, s.name AS stage_name, s.position, s.probability, p.name AS pipeline_name,
       (SELECT count(*) FROM "Stage" s2 WHERE s2."tenantId" = d."tenantId" AND s2."pipelineId" = d."pipelineId" AND s2."removedAt" IS NULL) AS stage_count,
       ARRAY(SELECT dc."contactId" FROM "DealContact" dc WHERE dc."tenantId" = d."tenantId" AND dc."dealId" = d.id) AS contact_ids
FROM "Deal" d
JOIN "Stage" s ON s."tenantId" = d."tenantId" AND s.id = d."stageId"
JOIN "Pipeline" p ON p."tenantId" = d."tenantId" AND p.id = d."pipelineId"
WHERE d."tenantId" = $1::uuid AND d.status = 'open'
  AND d.id IN (SELECT id FROM "Deal" WHERE "tenantId" = $1::uuid AND "companyId" = $3::uuid
               UNION SELECT "dealId" FROM "DealContact" WHERE "tenantId" = $1::uuid AND "contactId" = $2::uuid)
ORDER BY d.id DESC LIMIT 20`;

const TIMELINE = `
SELECT i.*,
       ARRAY(SELECT p.role || ':' || p.email FROM "EmailParticipant" p WHERE p."tenantId" = i."tenantId" AND p."itemId" = i.id) AS participants,
       ARRAY(SELECT x."contactId" FROM "TimelineContactLink" x WHERE x."tenantId" = i."tenantId" AND x."itemId" = i.id) AS contact_ids,
       ARRAY(SELECT x."companyId" FROM "TimelineCompanyLink" x WHERE x."tenantId" = i."tenantId" AND x."itemId" = i.id) AS company_ids
FROM (SELECT "itemId", "occurredAt" FROM "TimelineContactLink"
      WHERE "tenantId" = $1::uuid AND "contactId" = $2::uuid
      ORDER BY "occurredAt" DESC, "itemId" DESC LIMIT 10) l
JOIN "TimelineItem" i ON i."tenantId" = $1::uuid AND i.id = l."itemId"
ORDER BY l."occurredAt" DESC, l."itemId" DESC`;

export async function bareLookup(system: SystemDb, tenantId: string, email: string) {
  const [contact] = await system.$queryRawUnsafe<{ id: string; companyId: string | null }[]>(CONTACT, tenantId, email);
  if (!contact) return null;
  const deals = await system.$queryRawUnsafe<unknown[]>(DEALS, tenantId, contact.id, contact.companyId);
  const timeline = await system.$queryRawUnsafe<unknown[]>(TIMELINE, tenantId, contact.id);
  return { contact, deals, timeline };
}
