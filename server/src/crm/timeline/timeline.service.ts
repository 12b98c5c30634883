// The timeline: one row per event, linked to the contacts, companies and deals it
// concerns. addTimelineItem is the write path for everything but emails, which go
// through recordEmail (email.service.ts).
import { z } from 'zod';
import type { Prisma, ScopedDb, ScopedTx } from '../../db/index.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { assertCompany, assertContact, assertDeal } from '../shared/references.ts';
import { CursorValue, decodeCursor, defineCursor, paginate, USER_REF } from '../shared/schemas.ts';
import {
  StageChangeData,
  TaskCompletedData,
  TaskCreatedData,
  type CreateNoteBody,
  type EmailItemResponse,
  type TimelineItemResponse,
  type TimelineQuery,
} from './timeline.schemas.ts';

export const itemInclude = {
  author: USER_REF,
  loggedBy: USER_REF,
  participants: { orderBy: [{ role: 'asc' }, { email: 'asc' }] },
  contacts: { select: { contactId: true } },
  companies: { select: { companyId: true } },
  deals: { select: { dealId: true } },
} satisfies Prisma.TimelineItemInclude;

export type ItemRow = Prisma.TimelineItemGetPayload<{ include: typeof itemInclude }>;

/** The item as the API shows it: `data` read with its kind's schema, so a response never carries a shape its kind does not promise. */
export function toItemResponse(item: ItemRow): TimelineItemResponse {
  const common = {
    id: item.id,
    occurredAt: item.occurredAt.toISOString(),
    author: item.author,
    contactIds: item.contacts.map((l) => l.contactId),
    companyIds: item.companies.map((l) => l.companyId),
    dealIds: item.deals.map((l) => l.dealId),
  };
  switch (item.kind) {
    case 'email':
      return {
        ...common,
        kind: item.kind,
        body: item.body,
        email: {
          // recordEmail, the one write path for emails, always sets the Message-ID.
          internetMessageId: item.internetMessageId ?? '',
          subject: item.subject ?? '',
          conversationId: item.conversationId,
          direction: item.direction ?? 'inbound',
          preview: item.preview,
          participants: item.participants.map((p) => ({ role: p.role, email: p.email, name: p.name })),
          loggedBy: item.loggedBy,
          loggedAt: (item.loggedAt ?? item.createdAt).toISOString(),
          loggedVia: item.loggedVia ?? 'manual',
        },
      };
    case 'note':
    case 'call':
    case 'meeting':
      // createNote, their one write path, requires a body.
      return { ...common, kind: item.kind, body: item.body ?? '' };
    case 'stage_change':
      return { ...common, kind: item.kind, data: StageChangeData.parse(item.data) };
    case 'task_created':
      return { ...common, kind: item.kind, data: TaskCreatedData.parse(item.data) };
    case 'task_completed':
      return { ...common, kind: item.kind, data: TaskCompletedData.parse(item.data) };
  }
}

export type Links = { contactIds?: string[]; companyIds?: string[]; dealIds?: string[] };

/** Adds links (ignoring those that exist) with the item's time copied for ordering. */
export async function linkItem(tx: ScopedTx, tenantId: string, itemId: string, occurredAt: Date, links: Links) {
  const unique = (ids: string[] | undefined) => [...new Set(ids ?? [])];
  await tx.timelineContactLink.createMany({
    data: unique(links.contactIds).map((contactId) => ({ tenantId, itemId, contactId, occurredAt })),
    skipDuplicates: true,
  });
  await tx.timelineCompanyLink.createMany({
    data: unique(links.companyIds).map((companyId) => ({ tenantId, itemId, companyId, occurredAt })),
    skipDuplicates: true,
  });
  await tx.timelineDealLink.createMany({
    data: unique(links.dealIds).map((dealId) => ({ tenantId, itemId, dealId, occurredAt })),
    skipDuplicates: true,
  });
}

/** A new item: what someone wrote down, or an event with its kind's details. */
export type NewTimelineItem = (
  | { kind: 'note' | 'call' | 'meeting'; body: string }
  | { kind: 'stage_change'; data: StageChangeData }
  | { kind: 'task_created'; data: TaskCreatedData }
  | { kind: 'task_completed'; data: TaskCompletedData }
) & { occurredAt: Date; authorId: string | null } & Links;

export async function addTimelineItem(tx: ScopedTx, tenantId: string, input: NewTimelineItem) {
  const { contactIds, companyIds, dealIds, ...fields } = input;
  const item = await tx.timelineItem.create({ data: { ...fields, tenantId } });
  await linkItem(tx, tenantId, item.id, item.occurredAt, { contactIds, companyIds, dealIds });
  return item;
}

export async function getTimelineItem(db: ScopedDb | ScopedTx, id: string) {
  const item = await db.timelineItem.findFirst({ where: { id }, include: itemInclude });
  if (!item) throw notFound('TIMELINE_ITEM_NOT_FOUND', 'Timeline item');
  return toItemResponse(item);
}

/** An email's item (recordEmail's answer): the same as getTimelineItem, typed as the email it is. */
export async function getEmailItem(db: ScopedDb | ScopedTx, id: string): Promise<EmailItemResponse> {
  const item = await getTimelineItem(db, id);
  if (item.kind !== 'email') throw notFound('TIMELINE_ITEM_NOT_FOUND', 'Email');
  return item;
}

/** One kind per target: a contact's timeline cursor is no position in a deal's timeline. */
const TimelineKey = z.tuple([CursorValue.instant, CursorValue.id]);
const TimelineCursor = {
  contact: defineCursor('contact-timeline', TimelineKey),
  company: defineCursor('company-timeline', TimelineKey),
  deal: defineCursor('deal-timeline', TimelineKey),
};

export type TimelineTarget = { contactId: string } | { companyId: string } | { dealId: string };

/**
 * The target's timeline, newest first. Reads the link table's
 * (tenantId, target, occurredAt desc, itemId desc) index, then the items.
 */
export async function listTimeline(
  db: ScopedDb | ScopedTx,
  target: TimelineTarget,
  query: z.infer<typeof TimelineQuery>,
) {
  const cursor =
    'contactId' in target
      ? TimelineCursor.contact
      : 'companyId' in target
        ? TimelineCursor.company
        : TimelineCursor.deal;
  const after = decodeCursor(query.cursor, cursor);
  const before = after
    ? { OR: [{ occurredAt: { lt: after[0] } }, { occurredAt: after[0], itemId: { lt: after[1] } }] }
    : {};
  const args = {
    where: before,
    orderBy: [{ occurredAt: 'desc' as const }, { itemId: 'desc' as const }],
    take: query.limit + 1,
    select: { itemId: true, occurredAt: true },
  };
  const links =
    'contactId' in target
      ? await db.timelineContactLink.findMany({ ...args, where: { ...args.where, contactId: target.contactId } })
      : 'companyId' in target
        ? await db.timelineCompanyLink.findMany({ ...args, where: { ...args.where, companyId: target.companyId } })
        : await db.timelineDealLink.findMany({ ...args, where: { ...args.where, dealId: target.dealId } });
  const page = paginate(links, query.limit, cursor, (l) => [l.occurredAt.toISOString(), l.itemId]);
  const items = await db.timelineItem.findMany({
    where: { id: { in: page.items.map((l) => l.itemId) } },
    include: itemInclude,
  });
  const byId = new Map(items.map((item) => [item.id, item]));
  return {
    items: page.items.flatMap((l) => {
      const item = byId.get(l.itemId);
      return item ? [toItemResponse(item)] : [];
    }),
    nextCursor: page.nextCursor,
  };
}

export async function createNote(ctx: CrmContext, body: z.infer<typeof CreateNoteBody>) {
  return ctx.db.$transaction(async (tx) => {
    await assertCompany(tx, body.companyId);
    await assertContact(tx, body.contactId);
    await assertDeal(tx, body.dealId);
    const companyIds = body.companyId ? [body.companyId] : [];
    const contact = body.contactId
      ? await tx.contact.findFirst({ where: { id: body.contactId }, select: { companyId: true } })
      : null;
    if (contact?.companyId) companyIds.push(contact.companyId);
    const item = await addTimelineItem(tx, ctx.tenantId, {
      kind: body.kind,
      occurredAt: body.occurredAt ?? ctx.clock.now(),
      authorId: actingUserId(ctx),
      body: body.body,
      contactIds: body.contactId ? [body.contactId] : [],
      companyIds,
      dealIds: body.dealId ? [body.dealId] : [],
    });
    return getTimelineItem(tx, item.id);
  });
}
