// Segments are saved views of the contact and company lists: a filter (fields,
// tags, owner, last contacted, open deal in a stage) and a sort. The same filter
// fields are the lists' own query parameters, so a view and a URL say the same.
import { z } from 'zod';
import { Id, Name, UserRef } from '../shared/schemas.ts';

export const SegmentEntity = z.enum(['contact', 'company']).meta({ id: 'SegmentEntity' });
export type SegmentEntity = z.infer<typeof SegmentEntity>;

export const ListSort = z
  .enum(['name', 'lastContactedAt', 'createdAt', 'updatedAt'])
  .meta({ id: 'ListSort', description: 'lastContactedAt: contacts only' });
export const ListOrder = z.enum(['asc', 'desc']).meta({ id: 'ListOrder' });
export type ListSort = z.infer<typeof ListSort>;
export type ListOrder = z.infer<typeof ListOrder>;

export const Tag = z.string().trim().min(1).max(50);
export const MAX_FILTER_TAGS = 20;
/** Up to 100 years: "no contact in N days". */
export const NoContactDays = z
  .number()
  .int()
  .min(1)
  .max(36_500)
  .meta({ description: 'Not contacted in this many days (never contacted included)' });

const Q = z.string().trim().min(1).max(200);

/** A saved filter: each field given is one more condition (AND). */
export const SegmentFilter = z
  .strictObject({
    q: Q.optional().meta({
      description: 'Matches the name, an email address or domain, or (contacts) the company name',
    }),
    owner: z
      .union([z.enum(['me', 'none']), Id])
      .optional()
      .meta({ description: '`me`: the user viewing the list; `none`: no owner; or a user id' }),
    tags: z.array(Tag).max(MAX_FILTER_TAGS).optional().meta({ description: 'Has every one of these tags' }),
    companyId: Id.optional().meta({ description: 'Contacts of this company (contact segments only)' }),
    noContactDays: NoContactDays.optional(),
    openDealStageId: Id.optional().meta({ description: 'Has an open deal in this stage' }),
  })
  .meta({ id: 'SegmentFilter' });
export type SegmentFilter = z.infer<typeof SegmentFilter>;

/** One query parameter given once or repeated (`?tag=a&tag=b`), as a list. */
const repeatable = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .union([item, z.array(item).max(max)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

/** The filter and sort parameters shared by the contact and company lists. */
export const ListFilterQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((q) => q || undefined)
    .meta({ description: 'Matches the name, an email address or domain, or (contacts) the company name' }),
  ownerId: Id.optional().meta({ description: "This user's records" }),
  owner: z
    .enum(['me', 'none'])
    .optional()
    .meta({ description: '`me`: your own records; `none`: records without owner' }),
  tag: repeatable(Tag, MAX_FILTER_TAGS)
    .optional()
    .meta({ description: 'Has this tag; repeat for several (all of them)' }),
  noContactDays: z.coerce
    .number()
    .pipe(NoContactDays)
    .optional()
    .meta({ description: 'Not contacted in this many days (never contacted included)' }),
  openDealStageId: Id.optional().meta({ description: 'Has an open deal in this stage' }),
  segmentId: Id.optional().meta({ description: "A segment's filter, combined with the other parameters" }),
  order: ListOrder.optional().meta({ description: "Default asc, or the segment's" }),
});
export type ListFilterQuery = z.infer<typeof ListFilterQuery>;

export const SegmentResponse = z
  .object({
    id: Id,
    name: z.string(),
    entity: SegmentEntity,
    filter: SegmentFilter,
    sort: ListSort.nullable(),
    order: ListOrder.nullable(),
    owner: UserRef,
    shared: z.boolean(),
    editable: z.boolean().meta({ description: 'The caller may change and delete it (its owner or an admin)' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Segment' });

export const SegmentListQuery = z.object({ entity: SegmentEntity.optional() });

export const TAG_SUGGESTIONS = 20;

export const TagListQuery = z.object({
  entity: SegmentEntity,
  q: z.string().trim().min(1).max(50).optional().meta({ description: 'Tags that start with this (any case)' }),
  limit: z.coerce.number().int().min(1).max(100).default(TAG_SUGGESTIONS),
});

export const TagListResponse = z
  .object({
    items: z.array(
      z.object({
        tag: z.string(),
        count: z.number().int().meta({ description: 'How many of the entity carry it' }),
      }),
    ),
  })
  .meta({ id: 'TagList' });

export const CreateSegmentBody = z.object({
  name: Name,
  entity: SegmentEntity,
  filter: SegmentFilter.default({}),
  sort: ListSort.nullable().optional(),
  order: ListOrder.nullable().optional(),
  shared: z.boolean().default(false),
});
export type CreateSegmentBody = z.infer<typeof CreateSegmentBody>;

export const UpdateSegmentBody = z.object({
  name: Name.optional(),
  filter: SegmentFilter.optional().meta({ description: 'Replaces the filter' }),
  sort: ListSort.nullable().optional(),
  order: ListOrder.nullable().optional(),
  shared: z.boolean().optional(),
});
export type UpdateSegmentBody = z.infer<typeof UpdateSegmentBody>;
