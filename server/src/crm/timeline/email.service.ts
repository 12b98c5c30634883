// recordEmail is the one write path for emails on the timeline: the add-in's
// "Log email" and the mailbox sync both end here, each with its CrmContext (a
// user, or the sync of a mailbox). It is idempotent on (tenantId,
// internetMessageId): the first call creates the item, every later one returns it
// and only adds links (new contacts, a deal) that were not there. It normalises
// what it is given itself (addresses in any case or spelling, long previews), and
// one participant it cannot read never keeps the email off the timeline.
import { isUniqueViolation, type ScopedTx } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { assertContacts, assertDeal } from '../shared/references.ts';
import { USER_REF } from '../shared/schemas.ts';
import {
  lookupKeys,
  matchParticipants,
  normalizeEmail,
  ownDomainSet,
  planLinks,
  planUpsert,
  type EmailLinks,
  type EmailToRecord,
  type NormalizedEmail,
} from './email-recording.ts';
import { getTimelineItem, linkItem, type TimelineItemResponse } from './timeline.service.ts';

export type { EmailToRecord } from './email-recording.ts';

export type RecordedEmail = { created: boolean; item: TimelineItemResponse };

export async function recordEmail(ctx: CrmContext, input: EmailToRecord): Promise<RecordedEmail> {
  const email = normalizeEmail(input);
  if (!email.internetMessageId || /\s/.test(email.internetMessageId)) {
    throw new AppError('VALIDATION_FAILED', 400, 'The email has no usable Message-ID', {
      fields: [{ path: 'internetMessageId', message: 'must be a Message-ID without spaces' }],
    });
  }
  const loggedBy = {
    userId: actingUserId(ctx),
    via: ctx.actor.kind === 'user' ? ('manual' as const) : ('sync' as const),
  };
  const now = ctx.clock.now();
  const once = () => ctx.db.$transaction((tx) => recordEmailOnce(tx, ctx.tenantId, email, loggedBy, now));
  try {
    return await once();
  } catch (error) {
    // Another request inserted the same message between our read and our insert;
    // PostgreSQL aborted our transaction, so run again: it now finds that row.
    if (!isUniqueViolation(error)) throw error;
    return once();
  }
}

async function recordEmailOnce(
  tx: ScopedTx,
  tenantId: string,
  email: NormalizedEmail,
  loggedBy: { userId: string | null; via: 'manual' | 'sync' },
  now: Date,
): Promise<RecordedEmail> {
  // One connection per transaction: queries run one after another.
  await assertContacts(tx, email.contactIds);
  await assertDeal(tx, email.dealId);
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { domains: true } });
  const own = ownDomainSet(tenant.domains);
  const links = await resolveLinks(tx, email, own);
  const existing = await tx.timelineItem.findFirst({
    where: { internetMessageId: email.internetMessageId },
    select: { id: true, occurredAt: true },
  });
  const plan = planUpsert({ email, existing, own, loggedBy, now });
  const item =
    plan.kind === 'add-links'
      ? { id: plan.itemId, occurredAt: plan.occurredAt }
      : await tx.timelineItem.create({
          data: { tenantId, ...plan.item, participants: { createMany: { data: plan.participants } } },
          select: { id: true, occurredAt: true },
        });
  await linkItem(tx, tenantId, item.id, item.occurredAt, links);
  await touchContacts(tx, links.contactIds, item.occurredAt);
  return { created: plan.kind === 'create', item: await getTimelineItem(tx, item.id) };
}

/** Looks up what matchParticipants and planLinks decide on. */
async function resolveLinks(tx: ScopedTx, email: NormalizedEmail, own: Set<string>): Promise<EmailLinks> {
  const keys = lookupKeys(email.participants, own);
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
  const matches = matchParticipants(
    email.participants,
    new Map(contactEmails.map((row) => [row.email, row.contactId])),
    new Map(companyDomains.map((row) => [row.domain, row.companyId])),
    own,
  );
  const contactIds = [
    ...new Set([...matches.flatMap((m) => (m.kind === 'contact' ? [m.contactId] : [])), ...email.contactIds]),
  ];
  const contacts = contactIds.length
    ? await tx.contact.findMany({ where: { id: { in: contactIds } }, select: { id: true, companyId: true } })
    : [];
  const deal = email.dealId
    ? await tx.deal.findFirst({ where: { id: email.dealId }, select: { id: true, companyId: true } })
    : null;
  return planLinks({
    matches,
    explicitContactIds: email.contactIds,
    companyOfContact: new Map(contacts.map((c) => [c.id, c.companyId])),
    deal,
  });
}

/** Moves lastContactedAt forward, never back (an old email logged late). */
async function touchContacts(tx: ScopedTx, contactIds: string[], at: Date) {
  if (!contactIds.length) return;
  await tx.contact.updateMany({
    where: { id: { in: contactIds }, OR: [{ lastContactedAt: null }, { lastContactedAt: { lt: at } }] },
    data: { lastContactedAt: at },
  });
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
