// recordEmails is the one write path for emails on the timeline: the mail sync
// writes a page of messages through it, and the add-in's "Log email" is a batch of
// one (recordEmail), each with its CrmContext (a user, or the sync of a mailbox).
// It is idempotent on (tenantId, internetMessageId): the first call creates the
// item, every later one only adds links (new contacts, a deal) that were not
// there. It normalises what it is given itself (addresses in any case or spelling,
// long previews), and one participant it cannot read never keeps the email off
// the timeline.
//
// Set-based: a batch of 1 or 1000 runs the same statements, at most 14 of its
// own inside one transaction (BEGIN and COMMIT aside, Prisma may split a list
// past PostgreSQL's 32767 bind parameters):
//   reads   1 tenant domains, 2 contact addresses, 3 company domains,
//           4 contacts (matched and given: their companies; a given one missing → 404),
//           5 given deals (404 when missing), 6 items already logged,
//           7 thread parents with their links (one statement: relationJoins);
//   writes  8 new items (ON CONFLICT DO NOTHING), 9 re-read of the items a
//           concurrent writer inserted first, 10 participants, 11–13 contact,
//           company and deal links, 14 lastContactedAt;
// then afterWrite's own. Reads with nothing to look up are skipped.
import {
  advanceLastContactedAt,
  insertEmailItems,
  insertLinks,
  insertParticipants,
  type LinkRow,
  type ScopedTx,
} from '../../db/index.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import { actingUserId, isAdmin, type CrmContext } from '../shared/context.ts';
import { referenceNotFound } from '../shared/references.ts';
import { USER_REF } from '../shared/schemas.ts';
import {
  batchLookupKeys,
  isUsableMessageId,
  lastContactedAtOf,
  normalizeEmail,
  ownDomainSet,
  planBatch,
  REJECTED_MESSAGE_ID,
  type EmailLinks,
  type EmailToRecord,
  type LoggedBy,
  type NormalizedEmail,
} from './email-recording.ts';
import type { EmailItemResponse } from './timeline.schemas.ts';
import { getEmailItem } from './timeline.service.ts';

export type { EmailToRecord } from './email-recording.ts';

export type RecordEmailsOptions = {
  /**
   * Sync mode: keep only emails that match a contact or a company, continue a
   * thread already on the timeline, or are already on it. Default false (a manual
   * log keeps everything).
   */
  onlyRelevant?: boolean;
  /**
   * Runs inside the same transaction after the items are written, with each
   * input's outcome (the sync writes its sightings and its delta cursor here so
   * they commit together with the page). Throwing rolls everything back.
   */
  afterWrite?: (tx: ScopedTx, results: RecordedEmailRef[]) => Promise<void>;
};

export type RecordedEmailRef = {
  /** Position in the input. */
  index: number;
  internetMessageId: string;
  /** existing: already on the timeline (or written by an earlier input of the batch, or a concurrent writer). */
  outcome: 'created' | 'existing' | 'skipped' | 'rejected';
  itemId: string | null;
  reason?: string;
};

/** A page of 1000 messages with their links and participants fits well within this. */
const BATCH_TRANSACTION_TIMEOUT_MS = 60_000;
/**
 * How long to wait for a connection (on PGlite: for the transaction before this
 * one to end). Prisma's default of 2 s is shorter than a large page can take.
 */
const BATCH_TRANSACTION_MAX_WAIT_MS = 15_000;

export async function recordEmails(
  ctx: CrmContext,
  emails: EmailToRecord[],
  options: RecordEmailsOptions = {},
): Promise<RecordedEmailRef[]> {
  const normalized = emails.map(normalizeEmail);
  const loggedBy: LoggedBy = {
    userId: actingUserId(ctx),
    via: ctx.actor.kind === 'user' ? 'manual' : 'sync',
    capturedById: ctx.actor.kind === 'mailbox-sync' ? ctx.actor.mailboxUserId : null,
  };
  const now = ctx.clock.now();
  return ctx.db.$transaction(
    async (tx) => {
      const results = await writeBatch(tx, ctx.tenantId, normalized, {
        onlyRelevant: options.onlyRelevant ?? false,
        loggedBy,
        now,
      });
      await options.afterWrite?.(tx, results);
      return results;
    },
    { timeout: BATCH_TRANSACTION_TIMEOUT_MS, maxWait: BATCH_TRANSACTION_MAX_WAIT_MS },
  );
}

export type RecordedEmail = { created: boolean; item: EmailItemResponse };

/**
 * The add-in's "Log email": a batch of one; 400 for an unusable Message-ID. A user's
 * log that puts the email on the timeline is audited (`email.logged`); logging it
 * again, or an email the sync captured already, only adds links and is not.
 */
export async function recordEmail(ctx: CrmContext, input: EmailToRecord): Promise<RecordedEmail> {
  let item: EmailItemResponse | undefined;
  const [result] = await recordEmails(ctx, [input], {
    afterWrite: async (tx, [written]) => {
      if (!written?.itemId) return;
      item = await getEmailItem(tx, written.itemId);
      if (written.outcome === 'created' && ctx.actor.kind === 'user') {
        await recordAudit(tx, ctx, {
          action: 'email.logged',
          targetType: 'email',
          targetId: written.itemId,
          summary: `Logged email ${quoted(item.email.subject)}`,
          details: {
            internetMessageId: written.internetMessageId,
            contactIds: item.contactIds,
            dealIds: item.dealIds,
          },
        });
      }
    },
  });
  if (!result || !item) {
    throw new AppError('VALIDATION_FAILED', 400, REJECTED_MESSAGE_ID, {
      fields: [{ path: 'internetMessageId', message: 'must be a Message-ID without spaces' }],
    });
  }
  return { created: result.outcome === 'created', item };
}

type WriteSettings = {
  onlyRelevant: boolean;
  loggedBy: LoggedBy;
  now: Date;
};

async function writeBatch(
  tx: ScopedTx,
  tenantId: string,
  emails: NormalizedEmail[],
  settings: WriteSettings,
): Promise<RecordedEmailRef[]> {
  // Nothing usable (the add-in's one email with a bad Message-ID): nothing to look up.
  if (!emails.some((e) => isUsableMessageId(e.internetMessageId))) {
    return emails.map((e, index) => ({
      index,
      internetMessageId: e.internetMessageId,
      outcome: 'rejected',
      itemId: null,
      reason: REJECTED_MESSAGE_ID,
    }));
  }
  // One connection per transaction: queries run one after another.
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { domains: true } });
  const own = ownDomainSet(tenant.domains);
  const keys = batchLookupKeys(emails, own);
  const contactEmails = keys.addresses.length
    ? await tx.contactEmail.findMany({
        where: { email: { in: keys.addresses } },
        select: { email: true, contactId: true },
      })
    : [];
  const companyDomains = keys.domains.length
    ? await tx.companyDomain.findMany({
        where: { domain: { in: keys.domains } },
        select: { domain: true, companyId: true },
      })
    : [];
  const contactIds = [...new Set([...contactEmails.map((row) => row.contactId), ...keys.contactIds])];
  const contacts = contactIds.length
    ? await tx.contact.findMany({ where: { id: { in: contactIds } }, select: { id: true, companyId: true } })
    : [];
  const companyOfContact = new Map(contacts.map((c) => [c.id, c.companyId]));
  assertGiven(emails, 'contactIds', companyOfContact);
  const deals = keys.dealIds.length
    ? await tx.deal.findMany({ where: { id: { in: keys.dealIds } }, select: { id: true, companyId: true } })
    : [];
  const companyOfDeal = new Map(deals.map((d) => [d.id, d.companyId]));
  assertGiven(emails, 'dealId', companyOfDeal);
  const existing = keys.messageIds.length
    ? await tx.timelineItem.findMany({
        where: { internetMessageId: { in: keys.messageIds } },
        select: { id: true, occurredAt: true, internetMessageId: true },
      })
    : [];
  const parents = keys.threadIds.length
    ? await tx.timelineItem.findMany({
        where: { internetMessageId: { in: keys.threadIds } },
        select: {
          internetMessageId: true,
          contacts: { select: { contactId: true } },
          companies: { select: { companyId: true } },
          deals: { select: { dealId: true } },
        },
        relationLoadStrategy: 'join',
      })
    : [];

  const { decisions, writes } = planBatch({
    emails,
    lookups: {
      own,
      contactByAddress: new Map(contactEmails.map((row) => [row.email, row.contactId])),
      companyByDomain: new Map(companyDomains.map((row) => [row.domain, row.companyId])),
      companyOfContact,
      companyOfDeal,
      existing: new Map(existing.map((row) => [row.internetMessageId ?? '', row])),
      threadParents: new Map(
        parents.map((p): [string, EmailLinks] => [
          p.internetMessageId ?? '',
          {
            contactIds: p.contacts.map((l) => l.contactId),
            companyIds: p.companies.map((l) => l.companyId),
            dealIds: p.deals.map((l) => l.dealId),
          },
        ]),
      ),
    },
    onlyRelevant: settings.onlyRelevant,
    loggedBy: settings.loggedBy,
    now: settings.now,
  });

  // Sorted by Message-ID: two batches inserting overlapping messages take their
  // locks in one order, so one waits for the other instead of deadlocking.
  const creates = [...writes.values()]
    .flatMap((w) => (w.plan.kind === 'create' ? [w.plan] : []))
    .sort((a, b) => compare(a.item.internetMessageId, b.item.internetMessageId));
  const inserted = await insertEmailItems(
    tx,
    tenantId,
    creates.map((c) => c.item),
  );
  type Written = { id: string; occurredAt: Date; created: boolean };
  const items = new Map<string, Written>();
  for (const [id, w] of writes) {
    if (w.plan.kind === 'add-links')
      items.set(id, { id: w.plan.itemId, occurredAt: w.plan.occurredAt, created: false });
  }
  for (const row of inserted) items.set(row.internetMessageId, { ...row, created: true });
  // Not inserted: a concurrent writer committed the same message after our read.
  const lost = creates.map((c) => c.item.internetMessageId).filter((id) => !items.has(id));
  if (lost.length) {
    const rows = await tx.timelineItem.findMany({
      where: { internetMessageId: { in: lost } },
      select: { id: true, occurredAt: true, internetMessageId: true },
    });
    for (const row of rows) items.set(row.internetMessageId ?? '', { ...row, created: false });
    const missing = lost.find((id) => !items.has(id));
    if (missing) throw new Error(`Timeline item for ${missing} neither inserted nor found`);
  }
  const itemOf = (id: string) => {
    const item = items.get(id);
    if (!item) throw new Error(`No timeline item planned for ${id}`);
    return item;
  };

  const participants = creates.flatMap((c) => {
    const item = itemOf(c.item.internetMessageId);
    return item.created ? c.participants.map((p) => ({ itemId: item.id, ...p })) : [];
  });
  await insertParticipants(tx, tenantId, participants);

  const linked = [...writes].map(([id, w]) => ({ ...itemOf(id), links: w.links }));
  await linkItems(tx, tenantId, linked);
  await advanceLastContactedAt(
    tx,
    tenantId,
    lastContactedAtOf(linked.map((l) => ({ contactIds: l.links.contactIds, occurredAt: l.occurredAt }))),
    settings.now,
  );

  return decisions.map((d): RecordedEmailRef => {
    const base = { index: d.index, internetMessageId: d.internetMessageId };
    if (d.outcome !== 'write') return { ...base, outcome: d.outcome, itemId: null, reason: d.reason };
    const item = itemOf(d.internetMessageId);
    return { ...base, outcome: item.created && d.first ? 'created' : 'existing', itemId: item.id };
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every contact id (or deal id) an email names must exist: 404 naming the first that does not. */
function assertGiven(emails: NormalizedEmail[], field: 'contactIds' | 'dealId', found: ReadonlyMap<string, unknown>) {
  for (const email of emails) {
    if (field === 'dealId') {
      if (email.dealId && !found.has(email.dealId)) throw referenceNotFound('DEAL_NOT_FOUND', 'Deal', 'dealId');
      continue;
    }
    const index = email.contactIds.findIndex((id) => !found.has(id));
    if (index >= 0) throw referenceNotFound('CONTACT_NOT_FOUND', 'Contact', `contactIds.${index}`);
  }
}

/**
 * Contact, company and deal links of every written item, one statement per table,
 * existing links left alone, the item's time copied for ordering. Sorted, like the
 * items, so concurrent batches lock the same rows in the same order.
 */
async function linkItems(tx: ScopedTx, tenantId: string, items: { id: string; occurredAt: Date; links: EmailLinks }[]) {
  const byItem = items.toSorted((a, b) => compare(a.id, b.id));
  const rows = (pick: (links: EmailLinks) => string[]): LinkRow[] =>
    byItem.flatMap((item) =>
      pick(item.links)
        .toSorted(compare)
        .map((target) => ({ itemId: item.id, occurredAt: item.occurredAt, target })),
    );
  await insertLinks(
    tx,
    tenantId,
    'contact',
    rows((l) => l.contactIds),
  );
  await insertLinks(
    tx,
    tenantId,
    'company',
    rows((l) => l.companyIds),
  );
  await insertLinks(
    tx,
    tenantId,
    'deal',
    rows((l) => l.dealIds),
  );
}

export async function getEmailStatus(ctx: CrmContext, internetMessageId: string) {
  const item = await ctx.db.timelineItem.findFirst({
    where: { internetMessageId },
    select: {
      id: true,
      loggedAt: true,
      createdAt: true,
      loggedVia: true,
      loggedBy: USER_REF,
    },
  });
  return {
    internetMessageId,
    logged: Boolean(item),
    itemId: item?.id ?? null,
    loggedBy: item?.loggedBy ?? null,
    loggedAt: item ? (item.loggedAt ?? item.createdAt).toISOString() : null,
    loggedVia: item?.loggedVia ?? null,
  };
}

/**
 * Unlogs an email: it leaves every timeline (its contact, company and deal links,
 * its participants and the sync's sightings go with the item). Members unlog what
 * they logged by hand; admins any email, the sync's captures included.
 *
 * A copy the sync reads is not thereby kept out for good: the sync applies its own
 * rules to what it reads, so if a mailbox it syncs holds the message and the message
 * changes there (or the mailbox is read again from the start), the sync captures it
 * again, as the sync's (never as this user's log). To keep a correspondent's mail
 * out of the CRM, an admin blocks the address or domain in the sync's settings.
 */
export async function unlogEmail(ctx: CrmContext, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const item = await tx.timelineItem.findFirst({
      where: { id, kind: 'email' },
      select: {
        subject: true,
        internetMessageId: true,
        loggedById: true,
        loggedVia: true,
        _count: { select: { sightings: true } },
      },
    });
    if (!item) throw notFound('TIMELINE_ITEM_NOT_FOUND', 'Email');
    const userId = actingUserId(ctx);
    const ownLog = item.loggedVia === 'manual' && userId !== null && item.loggedById === userId;
    if (!isAdmin(ctx) && !ownLog) {
      throw new AppError('FORBIDDEN', 403, 'Only the user who logged this email or an admin may unlog it');
    }
    await tx.timelineItem.deleteMany({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'email.unlogged',
      targetType: 'email',
      targetId: id,
      summary: `Unlogged email ${quoted(item.subject)}`,
      details: {
        internetMessageId: item.internetMessageId,
        loggedVia: item.loggedVia,
        loggedById: item.loggedById,
        mailboxCopies: item._count.sightings,
      },
    });
  });
}
