// The lookup card as one SQL statement: PostgreSQL finds the contact (or the company
// owning the domain), its open deals and its last timeline items, and builds the
// card's JSON itself (json_build_object, json_agg), in the shape of the per-resource
// responses (toContactResponse, toCompanyResponse, toDealResponse, toItemResponse).
// The five Prisma operations it replaces cost a third of the server's CPU per lookup
// (issue 10); lookup.test.ts checks the two give the same JSON.
//
// Raw SQL is not tenant-scoped by the client extension (db/tenant-scope.ts): every
// table of every part is given the scoped client's tenant id explicitly, and every
// join also matches on tenantId (the composite keys). All input is bound as parameters.
import type { z } from 'zod';
import { Prisma, type ScopedDb } from '../../db/index.ts';
import type { CompanyResponse } from '../companies/index.ts';
import type { ContactResponse } from '../contacts/index.ts';
import type { DealResponse } from '../deals/index.ts';
import type { TimelineItemSchema } from '../timeline/index.ts';

/**
 * The card as the statement builds it: the lookup's response less the address asked
 * for, each part in its resource's response shape (lookup-card.test.ts checks the JSON
 * against those endpoints).
 */
export type LookupCard = {
  contact: z.input<typeof ContactResponse> | null;
  company: z.input<typeof CompanyResponse> | null;
  companyMatchedBy: 'contact' | 'domain' | null;
  deals: z.input<typeof DealResponse>[];
  timeline: z.input<typeof TimelineItemSchema>[];
  lastContactedAt: string | null;
};

/** At most this many open deals on a card (newest first, by id). */
export const LOOKUP_DEALS = 20;

/** An instant as Date.toISOString() writes it (timestamptz(3): milliseconds are exact), whatever the session's time zone. */
const iso = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A user reference (USER_REF) from a LEFT JOINed "User" row, or null. */
const userRef = (alias: string) =>
  Prisma.raw(
    `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}."displayName", 'email', ${alias}.email) END`,
  );

/**
 * The card for an address, given in each of its spellings (formsOfAddress): the contact
 * owning one of them, else no contact and the company owning one of the domain's
 * spellings. One statement, one round trip.
 */
export async function readLookupCard(
  db: ScopedDb,
  forms: { address: string[]; domain: string[] },
  timelineItems: number,
): Promise<LookupCard> {
  const t = Prisma.sql`${db.tenantId}::uuid`;
  const rows = await db.$queryRaw<{ card: string }[]>`
    WITH
    found AS (
      SELECT e."contactId" AS id FROM "ContactEmail" e
      WHERE e."tenantId" = ${t} AND e.email = ANY(${forms.address}::text[])
      ORDER BY array_position(${forms.address}::text[], e.email) LIMIT 1
    ),
    contact AS (
      SELECT c.* FROM "Contact" c WHERE c."tenantId" = ${t} AND c.id = (SELECT id FROM found)
    ),
    by_domain AS (
      SELECT d."companyId" AS id FROM "CompanyDomain" d
      WHERE d."tenantId" = ${t} AND d.domain = ANY(${forms.domain}::text[]) AND NOT EXISTS (SELECT 1 FROM found)
      ORDER BY array_position(${forms.domain}::text[], d.domain) LIMIT 1
    ),
    company AS (
      SELECT co.*, CASE WHEN EXISTS (SELECT 1 FROM contact) THEN 'contact' ELSE 'domain' END AS matched_by
      FROM "Company" co
      WHERE co."tenantId" = ${t} AND co.id = COALESCE((SELECT "companyId" FROM contact), (SELECT id FROM by_domain))
    ),
    deals AS (
      SELECT d.* FROM "Deal" d
      WHERE d."tenantId" = ${t} AND d.status = 'open' AND d.id IN (
        SELECT dc."dealId" FROM "DealContact" dc WHERE dc."tenantId" = ${t} AND dc."contactId" = (SELECT id FROM contact)
        UNION
        SELECT x.id FROM "Deal" x WHERE x."tenantId" = ${t} AND x."companyId" = (SELECT id FROM company) AND x.status = 'open'
      )
      ORDER BY d.id DESC LIMIT ${LOOKUP_DEALS}::int
    ),
    links AS (
      SELECT l."itemId", l."occurredAt" FROM "TimelineContactLink" l
      WHERE l."tenantId" = ${t} AND l."contactId" = (SELECT id FROM contact)
      ORDER BY l."occurredAt" DESC, l."itemId" DESC LIMIT ${timelineItems}::int
    )
    SELECT json_build_object(
      'contact', (
        SELECT json_build_object(
          'id', c.id, 'name', c.name, 'title', c.title, 'phone', c.phone,
          'emails', ARRAY(SELECT e.email FROM "ContactEmail" e WHERE e."tenantId" = ${t} AND e."contactId" = c.id
                          ORDER BY e."isPrimary" DESC, e.email),
          'company', CASE WHEN cc.id IS NULL THEN NULL ELSE json_build_object('id', cc.id, 'name', cc.name) END,
          'owner', ${userRef('cu')},
          'tags', c.tags,
          'lastContactedAt', ${iso('c."lastContactedAt"')},
          'createdAt', ${iso('c."createdAt"')},
          'updatedAt', ${iso('c."updatedAt"')})
        FROM contact c
        LEFT JOIN "Company" cc ON cc."tenantId" = ${t} AND cc.id = c."companyId"
        LEFT JOIN "User" cu ON cu."tenantId" = ${t} AND cu.id = c."ownerId"),
      'company', (
        SELECT json_build_object(
          'id', co.id, 'name', co.name,
          'domains', ARRAY(SELECT d.domain FROM "CompanyDomain" d WHERE d."tenantId" = ${t} AND d."companyId" = co.id
                           ORDER BY d.domain),
          'owner', ${userRef('ou')},
          'tags', COALESCE(co.tags, ARRAY[]::text[]),
          'createdAt', ${iso('co."createdAt"')},
          'updatedAt', ${iso('co."updatedAt"')})
        FROM company co
        LEFT JOIN "User" ou ON ou."tenantId" = ${t} AND ou.id = co."ownerId"),
      'companyMatchedBy', (SELECT matched_by FROM company),
      'deals', COALESCE((
        SELECT json_agg(json_build_object(
          'id', d.id, 'name', d.name, 'value', d.value::text, 'currency', d.currency, 'status', d.status,
          'pipeline', json_build_object('id', p.id, 'name', p.name),
          'stage', json_build_object(
            'id', s.id, 'name', s.name, 'position', s.position,
            'stageCount', (SELECT count(*) FROM "Stage" x
                           WHERE x."tenantId" = ${t} AND x."pipelineId" = d."pipelineId" AND x."removedAt" IS NULL),
            'probability', s.probability, 'isWon', s."isWon", 'isLost', s."isLost"),
          'owner', ${userRef('du')},
          'company', CASE WHEN dc.id IS NULL THEN NULL ELSE json_build_object('id', dc.id, 'name', dc.name) END,
          'contactIds', ARRAY(SELECT x."contactId" FROM "DealContact" x WHERE x."tenantId" = ${t} AND x."dealId" = d.id
                              ORDER BY x."contactId"),
          'expectedCloseDate', to_char(d."expectedCloseDate", 'YYYY-MM-DD'),
          'closedAt', ${iso('d."closedAt"')},
          'createdAt', ${iso('d."createdAt"')},
          'updatedAt', ${iso('d."updatedAt"')}) ORDER BY d.id DESC)
        FROM deals d
        JOIN "Pipeline" p ON p."tenantId" = ${t} AND p.id = d."pipelineId"
        JOIN "Stage" s ON s."tenantId" = ${t} AND s.id = d."stageId"
        LEFT JOIN "User" du ON du."tenantId" = ${t} AND du.id = d."ownerId"
        LEFT JOIN "Company" dc ON dc."tenantId" = ${t} AND dc.id = d."companyId"), '[]'),
      'timeline', COALESCE((
        -- Each kind keeps only its own fields (timeline.schemas.ts): an email its body and
        -- email details, a note, call or meeting its body, an event its data.
        SELECT json_agg(jsonb_build_object(
          'id', i.id, 'kind', i.kind, 'occurredAt', ${iso('i."occurredAt"')},
          'author', ${userRef('ia')},
          'body', i.body, 'data', i.data,
          'email', CASE WHEN i.kind = 'email' AND i."internetMessageId" IS NOT NULL THEN json_build_object(
            'internetMessageId', i."internetMessageId",
            'subject', COALESCE(i.subject, ''),
            'conversationId', i."conversationId",
            'direction', COALESCE(i.direction::text, 'inbound'),
            'preview', i.preview,
            'participants', COALESCE((
              SELECT json_agg(json_build_object('role', x.role, 'email', x.email, 'name', x.name) ORDER BY x.role, x.email)
              FROM "EmailParticipant" x WHERE x."tenantId" = ${t} AND x."itemId" = i.id), '[]'),
            'loggedBy', ${userRef('il')},
            'loggedAt', ${iso('COALESCE(i."loggedAt", i."createdAt")')},
            'loggedVia', COALESCE(i."loggedVia"::text, 'manual')) END,
          'contactIds', ARRAY(SELECT x."contactId" FROM "TimelineContactLink" x
                              WHERE x."tenantId" = ${t} AND x."itemId" = i.id ORDER BY x."contactId"),
          'companyIds', ARRAY(SELECT x."companyId" FROM "TimelineCompanyLink" x
                              WHERE x."tenantId" = ${t} AND x."itemId" = i.id ORDER BY x."companyId"),
          'dealIds', ARRAY(SELECT x."dealId" FROM "TimelineDealLink" x
                           WHERE x."tenantId" = ${t} AND x."itemId" = i.id ORDER BY x."dealId"))
          - CASE WHEN i.kind = 'email' THEN ARRAY['data']
                 WHEN i.kind IN ('note', 'call', 'meeting') THEN ARRAY['data', 'email']
                 ELSE ARRAY['body', 'email'] END
          ORDER BY l."occurredAt" DESC, l."itemId" DESC)
        FROM links l
        JOIN "TimelineItem" i ON i."tenantId" = ${t} AND i.id = l."itemId"
        LEFT JOIN "User" ia ON ia."tenantId" = ${t} AND ia.id = i."authorId"
        LEFT JOIN "User" il ON il."tenantId" = ${t} AND il.id = i."loggedById"), '[]'),
      'lastContactedAt', (SELECT ${iso('c."lastContactedAt"')} FROM contact c)
    )::text AS card`;
  const row = rows[0];
  if (!row) throw new Error('the lookup query returned no row');
  // The statement's own shape: lookup.test.ts checks it against the per-resource responses.
  return JSON.parse(row.card) as LookupCard;
}
