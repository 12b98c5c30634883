import { z } from 'zod';
import { Id, PageQuery, PastInstant, UserRef } from '../shared/schemas.ts';
import { PREVIEW_LENGTH } from './email-recording.ts';

export const TimelineKind = z.enum([
  'email',
  'note',
  'call',
  'meeting',
  'stage_change',
  'task_created',
  'task_completed',
]);

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

export const TimelineItemResponse = z
  .object({
    id: Id,
    kind: TimelineKind,
    occurredAt: z.iso.datetime(),
    author: UserRef.nullable(),
    body: z.string().nullable(),
    data: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'Details of stage changes and task events' }),
    email: EmailDetails.nullable(),
    contactIds: z.array(Id),
    companyIds: z.array(Id),
    dealIds: z.array(Id),
  })
  .meta({ id: 'TimelineItem' });

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
