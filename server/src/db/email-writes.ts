// The bulk inserts of recordEmails, as set-based SQL: one statement per table
// whatever the page size, each column sent as one array (unnest), instead of
// Prisma's createMany, which binds every value of every row as its own parameter
// and compiles that query for each batch shape (a quarter of the sync's CPU in
// bench:sync). Raw SQL is not tenant-scoped: the tenant id is passed explicitly
// and written into every row. Conflicts are left alone (ON CONFLICT DO NOTHING):
// the callers decide what exists.
import { v7 as uuidv7 } from 'uuid';
import type { ScopedTx } from './tenant-scope.ts';

export type EmailItemRow = {
  occurredAt: Date;
  internetMessageId: string;
  subject: string;
  conversationId: string | null;
  preview: string | null;
  body: string | null;
  direction: 'inbound' | 'outbound' | 'internal';
  loggedById: string | null;
  loggedAt: Date;
  loggedVia: 'manual' | 'sync';
  /** Synced emails: the user of the mailbox the sync captured it from. */
  capturedById: string | null;
};

const iso = (date: Date) => date.toISOString();

/** Inserts email items; returns those inserted (a Message-ID another writer holds is skipped). */
export async function insertEmailItems(
  tx: ScopedTx,
  tenantId: string,
  rows: EmailItemRow[],
): Promise<{ id: string; occurredAt: Date; internetMessageId: string }[]> {
  if (!rows.length) return [];
  const column = <T>(pick: (row: EmailItemRow) => T) => rows.map(pick);
  return tx.$queryRaw`
    INSERT INTO "TimelineItem" ("tenantId", "id", "kind", "occurredAt", "internetMessageId", "subject",
      "conversationId", "preview", "body", "direction", "loggedById", "loggedAt", "loggedVia",
      "capturedById")
    SELECT ${tenantId}::uuid, r.id, 'email', r.occurred_at, r.message_id, r.subject, r.conversation_id,
      r.preview, r.body, r.direction::"EmailDirection", r.logged_by, r.logged_at, r.logged_via::"LoggedVia",
      r.captured_by
    FROM unnest(
      ${rows.map(() => uuidv7())}::uuid[], ${column((r) => iso(r.occurredAt))}::timestamptz[],
      ${column((r) => r.internetMessageId)}::text[], ${column((r) => r.subject)}::text[],
      ${column((r) => r.conversationId)}::text[], ${column((r) => r.preview)}::text[], ${column((r) => r.body)}::text[],
      ${column((r) => r.direction)}::text[], ${column((r) => r.loggedById)}::uuid[],
      ${column((r) => iso(r.loggedAt))}::timestamptz[], ${column((r) => r.loggedVia)}::text[],
      ${column((r) => r.capturedById)}::uuid[]
    ) AS r(id, occurred_at, message_id, subject, conversation_id, preview, body, direction, logged_by, logged_at, logged_via, captured_by)
    ON CONFLICT ("tenantId", "internetMessageId") DO NOTHING
    RETURNING "id", "occurredAt", "internetMessageId"`;
}

export async function insertParticipants(
  tx: ScopedTx,
  tenantId: string,
  rows: { itemId: string; role: 'from' | 'to' | 'cc'; email: string; name: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO "EmailParticipant" ("tenantId", "itemId", "role", "email", "name")
    SELECT ${tenantId}::uuid, r.item_id, r.role::"ParticipantRole", r.email, r.name
    FROM unnest(${rows.map((r) => r.itemId)}::uuid[], ${rows.map((r) => r.role)}::text[],
      ${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.name)}::text[]) AS r(item_id, role, email, name)
    ON CONFLICT DO NOTHING`;
}

export type LinkRow = { itemId: string; target: string; occurredAt: Date };

/** Links of items to contacts, companies or deals (existing ones left alone). */
export async function insertLinks(
  tx: ScopedTx,
  tenantId: string,
  kind: 'contact' | 'company' | 'deal',
  rows: LinkRow[],
): Promise<void> {
  if (!rows.length) return;
  const items = rows.map((r) => r.itemId);
  const targets = rows.map((r) => r.target);
  const times = rows.map((r) => iso(r.occurredAt));
  // One statement per table: identifiers cannot be parameters.
  if (kind === 'contact') {
    await tx.$executeRaw`
      INSERT INTO "TimelineContactLink" ("tenantId", "itemId", "contactId", "occurredAt")
      SELECT ${tenantId}::uuid, r.item_id, r.target, r.at
      FROM unnest(${items}::uuid[], ${targets}::uuid[], ${times}::timestamptz[]) AS r(item_id, target, at)
      ON CONFLICT DO NOTHING`;
  } else if (kind === 'company') {
    await tx.$executeRaw`
      INSERT INTO "TimelineCompanyLink" ("tenantId", "itemId", "companyId", "occurredAt")
      SELECT ${tenantId}::uuid, r.item_id, r.target, r.at
      FROM unnest(${items}::uuid[], ${targets}::uuid[], ${times}::timestamptz[]) AS r(item_id, target, at)
      ON CONFLICT DO NOTHING`;
  } else {
    await tx.$executeRaw`
      INSERT INTO "TimelineDealLink" ("tenantId", "itemId", "dealId", "occurredAt")
      SELECT ${tenantId}::uuid, r.item_id, r.target, r.at
      FROM unnest(${items}::uuid[], ${targets}::uuid[], ${times}::timestamptz[]) AS r(item_id, target, at)
      ON CONFLICT DO NOTHING`;
  }
}
