import { z } from 'zod';
import { Id, PageQuery, PastInstant, UserRef } from '../shared/schemas.ts';
import { PREVIEW_LENGTH } from './email-recording.ts';

const ParticipantResponse = z.object({
  role: z.enum(['from', 'to', 'cc']),
  email: z.string(),
  name: z.string().nullable(),
});

export const EmailDetails = z
  .object({
    internetMessageId: z.string(),
    subject: z.string(),
    conversationId: z.string().nullable(),
    direction: z.enum(['inbound', 'outbound', 'internal']),
    preview: z.string().nullable(),
    participants: z.array(ParticipantResponse),
    loggedBy: UserRef.nullable(),
    loggedAt: z.iso.datetime(),
    loggedVia: z.enum(['manual', 'sync']),
  })
  .meta({ id: 'EmailDetails' });

const StageRef = z.object({ id: Id, name: z.string() });

export const StageChangeData = z
  .object({ dealId: Id, dealName: z.string(), fromStage: StageRef, toStage: StageRef })
  .meta({ id: 'StageChangeData', description: 'A deal moved from one stage to another (names as they were then)' });
export type StageChangeData = z.infer<typeof StageChangeData>;

export const TaskCreatedData = z
  .object({ taskId: Id, title: z.string(), dueAt: z.iso.datetime().nullable() })
  .meta({ id: 'TaskCreatedData', description: 'A task was created (title and due date as they were then)' });
export type TaskCreatedData = z.infer<typeof TaskCreatedData>;

export const TaskCompletedData = z
  .object({ taskId: Id, title: z.string() })
  .meta({ id: 'TaskCompletedData', description: 'A task was completed' });
export type TaskCompletedData = z.infer<typeof TaskCompletedData>;

/** What every item has, whatever its kind. */
const ItemFields = {
  id: Id,
  occurredAt: z.iso.datetime(),
  author: UserRef.nullable(),
  contactIds: z.array(Id),
  companyIds: z.array(Id),
  dealIds: z.array(Id),
};

// Each kind carries only what it has: an email its `email` details (and the body the
// tenant keeps), a note, call or meeting its `body`, a recorded event its `data`. No
// placeholder nulls: openapi-fetch drops null-only properties from its types anyway.
export const EmailItem = z
  .object({
    ...ItemFields,
    kind: z.literal('email'),
    body: z.string().nullable().meta({ description: 'The stored body, when the tenant keeps it' }),
    email: EmailDetails,
  })
  .meta({ id: 'EmailItem' });

/** A note, call or meeting: what someone wrote down. */
const writtenItem = <K extends 'note' | 'call' | 'meeting'>(kind: K, id: string) =>
  z.object({ ...ItemFields, kind: z.literal(kind), body: z.string() }).meta({ id });

/** An event the CRM recorded: its details in `data`. */
const eventItem = <K extends 'stage_change' | 'task_created' | 'task_completed', D extends z.ZodType>(
  kind: K,
  data: D,
  id: string,
) => z.object({ ...ItemFields, kind: z.literal(kind), data }).meta({ id });

/** One item of a timeline, told apart by `kind`, each kind with its own fields. */
export const TimelineItemResponse = z
  .discriminatedUnion('kind', [
    EmailItem,
    writtenItem('note', 'NoteItem'),
    writtenItem('call', 'CallItem'),
    writtenItem('meeting', 'MeetingItem'),
    eventItem('stage_change', StageChangeData, 'StageChangeItem'),
    eventItem('task_created', TaskCreatedData, 'TaskCreatedItem'),
    eventItem('task_completed', TaskCompletedData, 'TaskCompletedItem'),
  ])
  .meta({ id: 'TimelineItem' });
export type TimelineItemResponse = z.infer<typeof TimelineItemResponse>;
export type EmailItemResponse = z.infer<typeof EmailItem>;

export const TimelineQuery = PageQuery;

const ParticipantAddress = z.string().trim().min(1, 'must not be empty').max(320).meta({
  description:
    'An email address, internationalised ones included. One the server cannot read is kept on the item as given and not matched, so it never keeps the email off the timeline.',
});

const Participant = z.object({ email: ParticipantAddress, name: z.string().trim().max(300).optional() });

/** RFC 5322 Message-ID, as Outlook and Graph give it (with the angle brackets). */
const InternetMessageId = z
  .string()
  .trim()
  .min(3)
  .max(998)
  .regex(/^[^\s\p{Cc}]+$/u, 'must not contain spaces or control characters');

export const LogEmailBody = z.object({
  internetMessageId: InternetMessageId,
  subject: z.string().max(998).default(''),
  sentAt: PastInstant,
  from: Participant,
  to: z.array(Participant).max(500).default([]),
  cc: z.array(Participant).max(500).default([]),
  conversationId: z.string().trim().min(1).max(500).optional(),
  preview: z
    .string()
    .max(20_000)
    .optional()
    .meta({ description: `Plain text; whitespace is collapsed and the first ${PREVIEW_LENGTH} characters kept` }),
  direction: z.enum(['inbound', 'outbound']).optional().meta({
    description:
      "Default: internal when every participant is in the tenant's own domains, else outbound when the sender is, else inbound",
  }),
  contactIds: z
    .array(Id)
    .max(50)
    .default([])
    .meta({ description: 'Contacts to link besides those matched by address' }),
  dealId: Id.optional(),
});
export type LogEmailBody = z.infer<typeof LogEmailBody>;

export const EmailStatusQuery = z.object({ internetMessageId: InternetMessageId });

export const EmailStatusResponse = z
  .object({
    internetMessageId: z.string(),
    logged: z.boolean(),
    itemId: Id.nullable(),
    loggedBy: UserRef.nullable(),
    loggedAt: z.iso.datetime().nullable(),
    loggedVia: z.enum(['manual', 'sync']).nullable(),
  })
  .meta({ id: 'EmailStatus' });

export const CreateNoteBody = z
  .object({
    kind: z.enum(['note', 'call', 'meeting']).default('note'),
    body: z.string().trim().min(1, 'must not be empty').max(20_000),
    occurredAt: PastInstant.optional(),
    contactId: Id.optional(),
    companyId: Id.optional(),
    dealId: Id.optional(),
  })
  .refine((n) => n.contactId || n.companyId || n.dealId, {
    error: 'give a contactId, companyId or dealId',
    path: ['contactId'],
  })
  .meta({
    description: 'A note belongs to a contact, a company or a deal: at least one of the three ids is required',
    anyOf: [{ required: ['contactId'] }, { required: ['companyId'] }, { required: ['dealId'] }],
  });
