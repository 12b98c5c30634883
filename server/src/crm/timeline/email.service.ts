// recordEmail is the one write path for emails on the timeline: the add-in's
// "Log email" and the mailbox sync both end here. It is idempotent on
// (tenantId, internetMessageId): the first call creates the item, every later one
// returns it and only adds links (new contacts, a deal) that were not there.
import type { ScopedDb, ScopedTx } from '../../db/index.ts';
import { assertContacts, assertDeal } from '../shared/references.ts';
import { domainOf, USER_REF } from '../shared/schemas.ts';
import { getTimelineItem, linkItem, type TimelineItemResponse } from './timeline.service.ts';
import type { LogEmailBody } from './timeline.schemas.ts';

export type EmailActor = { userId: string | null; via: 'manual' | 'sync' };

export type RecordedEmail = { created: boolean; item: TimelineItemResponse };

const UNIQUE_VIOLATION = 'P2002';

export async function recordEmail(
  db: ScopedDb,
  input: LogEmailBody,
  actor: EmailActor,
  now: Date,
): Promise<RecordedEmail> {
  try {
    return await db.$transaction((tx) => recordEmailOnce(tx, db.tenantId, input, actor, now));
  } catch (error) {
    // Another request inserted the same message between our read and our insert;
    // PostgreSQL aborted our transaction, so run again: it now finds that row.
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    return db.$transaction((tx) => recordEmailOnce(tx, db.tenantId, input, actor, now));
  }
}

async function recordEmailOnce(
  tx: ScopedTx,
  tenantId: string,
  input: LogEmailBody,
  actor: EmailActor,
  now: Date,
): Promise<RecordedEmail> {
  const participants = [
    { role: 'from' as const, ...input.from },
    ...input.to.map((p) => ({ role: 'to' as const, ...p })),
    ...input.cc.map((p) => ({ role: 'cc' as const, ...p })),
  ];
  const addresses = [...new Set(participants.map((p) => p.email))];

  // One connection per transaction: queries run one after another.
  const matched = await tx.contactEmail.findMany({ where: { email: { in: addresses } }, select: { contactId: true } });
  await assertContacts(tx, input.contactIds);
  await assertDeal(tx, input.dealId);
  const deal = input.dealId
    ? await tx.deal.findFirst({ where: { id: input.dealId }, select: { id: true, companyId: true } })
    : null;
  const contactIds = [...new Set([...matched.map((m) => m.contactId), ...input.contactIds])];
  const companies = await tx.contact.findMany({
    where: { id: { in: contactIds }, companyId: { not: null } },
    select: { companyId: true },
  });
  const companyIds = [
    ...companies.flatMap((c) => (c.companyId ? [c.companyId] : [])),
    ...(deal?.companyId ? [deal.companyId] : []),
  ];
  const links = { contactIds, companyIds, dealIds: deal ? [deal.id] : [] };

  const existing = await tx.timelineItem.findFirst({
    where: { internetMessageId: input.internetMessageId },
    select: { id: true, occurredAt: true },
  });
  if (existing) {
    await linkItem(tx, tenantId, existing.id, existing.occurredAt, links);
    await touchContacts(tx, contactIds, existing.occurredAt);
    return { created: false, item: await getTimelineItem(tx, existing.id) };
  }

  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { domains: true } });
  const item = await tx.timelineItem.create({
    data: {
      tenantId,
      kind: 'email',
      occurredAt: input.sentAt,
      internetMessageId: input.internetMessageId,
      subject: input.subject,
      conversationId: input.conversationId ?? null,
      preview: input.preview ?? null,
      direction: input.direction ?? directionOf(input.from.email, addresses, tenant.domains),
      loggedById: actor.userId,
      loggedAt: now,
      loggedVia: actor.via,
      participants: {
        createMany: {
          data: dedupeParticipants(participants).map((p) => ({ role: p.role, email: p.email, name: p.name ?? null })),
        },
      },
    },
  });
  await linkItem(tx, tenantId, item.id, item.occurredAt, links);
  await touchContacts(tx, contactIds, item.occurredAt);
  return { created: true, item: await getTimelineItem(tx, item.id) };
}

function directionOf(from: string, addresses: string[], ownDomains: string[]) {
  const own = new Set(ownDomains);
  if (own.size && addresses.every((a) => own.has(domainOf(a)))) return 'internal' as const;
  return own.has(domainOf(from)) ? ('outbound' as const) : ('inbound' as const);
}

/** One row per (role, address): a message may name someone twice in To. */
function dedupeParticipants<T extends { role: string; email: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.role}\n${p.email}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
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

export async function getEmailStatus(db: ScopedDb, internetMessageId: string) {
  const item = await db.timelineItem.findFirst({
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
