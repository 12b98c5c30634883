// Fills one tenant with a large CRM in bulk SQL (generate_series), far faster
// than going through the API. Ids are derived from the row number (md5 → uuid),
// so related rows can be linked without lookups.
import type { SystemDb } from '../server/src/db/index.ts';

export type Volume = { contacts: number; companies: number; deals: number; items: number };

export const POSTGRES_VOLUME: Volume = { contacts: 100_000, companies: 20_000, deals: 30_000, items: 1_000_000 };
export const PGLITE_VOLUME: Volume = { contacts: 10_000, companies: 2_000, deals: 3_000, items: 100_000 };

/** Contact i's address, so the load generator can ask for known contacts. */
export const contactEmail = (i: number, v: Volume) => `c${i}@co${i % v.companies}.example`;

export async function fillTenant(
  system: SystemDb,
  tenantId: string,
  userId: string,
  v: Volume,
  log: (m: string) => void,
) {
  const stages = await system.stage.findMany({
    where: { tenantId, pipeline: { isDefault: true } },
    orderBy: { position: 'asc' },
  });
  const pipelineId = stages[0]!.pipelineId;
  const stageIds = stages.map((s) => s.id);
  const wonIndex = stages.findIndex((s) => s.isWon);
  const lostIndex = stages.findIndex((s) => s.isLost);

  const steps: [string, string, unknown[]][] = [
    [
      `${v.companies} companies`,
      `INSERT INTO "Company" ("tenantId","id","name","ownerId","createdAt","updatedAt")
       SELECT $1::uuid, md5('company-'||i)::uuid, 'Company '||i, $2::uuid, now(), now()
       FROM generate_series(0, $3::int - 1) i`,
      [tenantId, userId, v.companies],
    ],
    [
      'company domains',
      `INSERT INTO "CompanyDomain" ("tenantId","domain","companyId")
       SELECT $1::uuid, 'co'||i||'.example', md5('company-'||i)::uuid FROM generate_series(0, $2::int - 1) i`,
      [tenantId, v.companies],
    ],
    [
      `${v.contacts} contacts`,
      `INSERT INTO "Contact" ("tenantId","id","name","title","companyId","ownerId","tags","lastContactedAt","createdAt","updatedAt")
       SELECT $1::uuid, md5('contact-'||i)::uuid, 'Contact '||i, 'Buyer', md5('company-'||(i % $3::int))::uuid, $2::uuid,
              ARRAY['bench'], now() - (i % 700) * interval '1 day', now(), now()
       FROM generate_series(0, $4::int - 1) i`,
      [tenantId, userId, v.companies, v.contacts],
    ],
    [
      'contact addresses',
      `INSERT INTO "ContactEmail" ("tenantId","email","contactId","isPrimary")
       SELECT $1::uuid, 'c'||i||'@co'||(i % $2::int)||'.example', md5('contact-'||i)::uuid, true
       FROM generate_series(0, $3::int - 1) i`,
      [tenantId, v.companies, v.contacts],
    ],
    [
      `${v.deals} deals`,
      `INSERT INTO "Deal" ("tenantId","id","name","value","currency","pipelineId","stageId","ownerId","companyId","status","createdAt","updatedAt")
       SELECT $1::uuid, md5('deal-'||i)::uuid, 'Deal '||i, (i % 1000) * 100, 'EUR', $3::uuid,
              ($4::uuid[])[1 + i % $5::int], $2::uuid, md5('company-'||(i % $6::int))::uuid,
              (CASE WHEN i % $5::int = $7::int THEN 'won' WHEN i % $5::int = $8::int THEN 'lost' ELSE 'open' END)::"DealStatus",
              now(), now()
       FROM generate_series(0, $9::int - 1) i`,
      [tenantId, userId, pipelineId, stageIds, stageIds.length, v.companies, wonIndex, lostIndex, v.deals],
    ],
    [
      'deal contacts',
      `INSERT INTO "DealContact" ("tenantId","dealId","contactId")
       SELECT $1::uuid, md5('deal-'||i)::uuid, md5('contact-'||((i * 3) % $2::int))::uuid FROM generate_series(0, $3::int - 1) i`,
      [tenantId, v.contacts, v.deals],
    ],
    [
      `${v.items} timeline items`,
      `INSERT INTO "TimelineItem" ("tenantId","id","kind","occurredAt","internetMessageId","subject","direction","preview","loggedAt","loggedVia","createdAt")
       SELECT $1::uuid, md5('item-'||i)::uuid, 'email', now() - i * interval '1 minute', '<'||i||'@bench.example>', 'Subject '||i,
              'inbound', 'A preview of message '||i, now(), 'sync', now()
       FROM generate_series(0, $2::int - 1) i`,
      [tenantId, v.items],
    ],
    [
      'participants',
      `INSERT INTO "EmailParticipant" ("tenantId","itemId","role","email")
       SELECT $1::uuid, md5('item-'||i)::uuid, r.role::"ParticipantRole",
              CASE WHEN r.role = 'from' THEN 'c'||(i % $2::int)||'@co'||((i % $2::int) % $3::int)||'.example' ELSE 'me@bench.example' END
       FROM generate_series(0, $4::int - 1) i CROSS JOIN (VALUES ('from'), ('to')) r(role)`,
      [tenantId, v.contacts, v.companies, v.items],
    ],
    [
      'contact links',
      `INSERT INTO "TimelineContactLink" ("tenantId","itemId","contactId","occurredAt")
       SELECT $1::uuid, md5('item-'||i)::uuid, md5('contact-'||(i % $2::int))::uuid, now() - i * interval '1 minute'
       FROM generate_series(0, $3::int - 1) i`,
      [tenantId, v.contacts, v.items],
    ],
    [
      'company links',
      `INSERT INTO "TimelineCompanyLink" ("tenantId","itemId","companyId","occurredAt")
       SELECT $1::uuid, md5('item-'||i)::uuid, md5('company-'||((i % $2::int) % $3::int))::uuid, now() - i * interval '1 minute'
       FROM generate_series(0, $4::int - 1) i`,
      [tenantId, v.contacts, v.companies, v.items],
    ],
  ];
  for (const [label, sql, params] of steps) {
    const started = performance.now();
    await system.$executeRawUnsafe(sql, ...params);
    log(`  filled ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await system.$executeRawUnsafe('ANALYZE');
}

/**
 * Search fragments that each match a handful of rows, in the case the user types
 * them. Contact numbers n in [contacts/100, contacts/10): "contact 4242" matches
 * Contact 4242 and 42420-42429; "c4242@" one address. Company numbers in
 * [companies/10, companies): "Company 12345" one company (and its contacts).
 * Broad: "contact 3" matches one contact in nine.
 */
export function searchTerms(v: Volume, count: number) {
  const pick = (i: number, from: number, to: number) => from + ((i * 7919) % (to - from));
  const contacts = Array.from({ length: count }, (_, i) => pick(i, v.contacts / 100, v.contacts / 10));
  const companies = Array.from({ length: count }, (_, i) => pick(i, v.companies / 10, v.companies));
  return {
    contactName: contacts.map((n) => `contact ${n}`),
    contactEmail: contacts.map((n) => `c${n}@`),
    companyName: companies.map((n) => `Company ${n}`),
    broad: Array.from({ length: count }, (_, i) => `contact ${1 + (i % 9)}`),
  };
}
